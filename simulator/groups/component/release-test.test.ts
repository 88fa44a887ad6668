import { afterEach, describe, expect, it } from "vitest";
import { parseXml, textOf } from "../../protocol/xml";
import type { RunningSimulator } from "../../server";
import { COMPONENT } from "../../testing/component-support";
import { startPlatformApp, type PlatformApp, type PlatformMistakes } from "../../testing/platform-app";
import { getJson, postJson, startTestSimulator } from "../../testing/test-support";
import { RELEASE_TEST_ACCOUNT } from "./release-test";

let sim: RunningSimulator | undefined;
let app: PlatformApp | undefined;

afterEach(async () => {
  await sim?.close();
  await app?.close();
  sim = app = undefined;
});

async function setUp(mistakes: PlatformMistakes = {}): Promise<RunningSimulator> {
  sim = await startTestSimulator();
  app = await startPlatformApp(sim.url, mistakes);
  await postJson(`${sim.url}/__sim/component`, { ...COMPONENT, eventUrl: app.eventUrl, pushTicket: true });
  return sim;
}

describe("全网发布 release test", () => {
  it("passes a platform that answers every case, through the test account's message URL", async () => {
    const s = await setUp();
    const report = await postJson(`${s.url}/__sim/component/release-test`, { waitMs: 3000 });
    expect(report).toMatchObject({
      passed: true,
      cases: [
        { name: "event", passed: true },
        { name: "text", passed: true },
        { name: "query_auth_code", passed: true },
      ],
    });
    // Pushed from the fixed test account and its fan, sealed for the platform.
    const first = parseXml(app?.messages[0] ?? "") ?? {};
    expect(textOf(first, "ToUserName")).toBe(RELEASE_TEST_ACCOUNT.originalId);
    expect(textOf(first, "FromUserName")).toBe(RELEASE_TEST_ACCOUNT.openid);
    const query = textOf(parseXml(app?.messages[2] ?? "") ?? {}, "Content");
    expect(query).toMatch(/^QUERY_AUTH_CODE:queryauthcode@@@/);
    const list = (await getJson(`${s.url}/__sim/custom-messages`)).messages as Array<{ touser: string; body: { text?: { content?: string } } }>;
    expect(list.some((m) => m.touser === RELEASE_TEST_ACCOUNT.openid && m.body.text?.content === `${query.slice("QUERY_AUTH_CODE:".length)}_from_api`)).toBe(true);
  });

  it("fails the text case when the answer is not TESTCOMPONENT_MSG_TYPE_TEXT_callback", async () => {
    const s = await setUp({ wrongText: true });
    const report = (await postJson(`${s.url}/__sim/component/release-test`, { waitMs: 500 })) as { passed: boolean; cases: Array<{ name: string; passed: boolean; detail: string }> };
    expect(report.passed).toBe(false);
    expect(report.cases.find((c) => c.name === "text")).toMatchObject({ passed: false, detail: expect.stringContaining('"hello"') });
    expect(report.cases.find((c) => c.name === "event")?.passed).toBe(true);
  });

  it("fails QUERY_AUTH_CODE when no customer-service message follows in time", async () => {
    const s = await setUp({ skipApi: true });
    const report = (await postJson(`${s.url}/__sim/component/release-test`, { waitMs: 300 })) as { passed: boolean; cases: Array<{ name: string; passed: boolean; detail: string }> };
    expect(report.passed).toBe(false);
    expect(report.cases.find((c) => c.name === "query_auth_code")).toMatchObject({ passed: false, detail: expect.stringContaining("within 300 ms") });
  });

  it("needs a registered platform with a message URL", async () => {
    sim = await startTestSimulator();
    const res = await fetch(`${sim.url}/__sim/component/release-test`, { method: "POST" });
    expect(res.status).toBe(409);
  });
});
