import { afterEach, describe, expect, it } from "vitest";
import { textOf } from "../../protocol/xml";
import { COMPONENT, openPush, waitForPushes } from "../../testing/component-support";
import { startTestSimulator } from "../../testing/test-support";
import { startTestWebhook, type TestWebhook } from "../../testing/test-webhook";
import type { RunningSimulator } from "../../server";
import { componentOptionsFromEnv } from "./env-options";

let sim: RunningSimulator | undefined;
let hook: TestWebhook | undefined;

afterEach(async () => {
  await sim?.close();
  await hook?.close();
  sim = undefined;
  hook = undefined;
});

describe("the ticket timer", () => {
  it("pushes a ticket at start and then every 10 minutes, compressed by the time scale; stops when the simulator closes", async () => {
    hook = await startTestWebhook();
    // 10 minutes × 0.0001 = 60 ms between tickets.
    sim = await startTestSimulator({ component: { ...COMPONENT, eventUrl: hook.url, timeScale: 0.0001 } });
    await waitForPushes(hook, 4);
    const tickets = [0, 1, 2, 3].map((i) => textOf(openPush(hook as TestWebhook, i).doc, "ComponentVerifyTicket"));
    expect(new Set(tickets).size).toBe(4);
    expect(tickets.every((ticket) => ticket.startsWith("ticket@@@"))).toBe(true);
    await sim.close();
    const after = hook.received;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(hook.received).toBe(after);
  });

  it("does not push on its own at the real pace within a test's time, but on demand", async () => {
    hook = await startTestWebhook();
    sim = await startTestSimulator({ component: { ...COMPONENT, eventUrl: hook.url, pushTicketAtStart: false } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(hook.received).toBe(0);
    await fetch(`${sim.url}/__sim/component/ticket`, { method: "POST" });
    expect(hook.received).toBe(1);
    expect((await (await fetch(`${sim.url}/__sim/component`)).json()) as Record<string, unknown>).toMatchObject({ configured: true, hasTicket: true, ticketsPushed: 1 });
  });

  it("a platform without an event URL gets nothing pushed, and says so", async () => {
    sim = await startTestSimulator({ component: { ...COMPONENT } });
    const res = await fetch(`${sim.url}/__sim/component/ticket`, { method: "POST" });
    expect(await res.json()).toMatchObject({ ok: false, error: "no event URL configured" });
  });
});

describe("SIM_COMPONENT_*", () => {
  const env = { SIM_COMPONENT_APPID: COMPONENT.componentAppId, SIM_COMPONENT_SECRET: "s", SIM_COMPONENT_TOKEN: "t", SIM_COMPONENT_AES_KEY: COMPONENT.encodingAESKey };

  it("is off without SIM_COMPONENT_APPID and reads the platform otherwise", () => {
    expect(componentOptionsFromEnv({})).toBeUndefined();
    expect(componentOptionsFromEnv({ ...env, SIM_COMPONENT_EVENT_URL: "http://127.0.0.1:3000/api/wechat/component", SIM_COMPONENT_TIME_SCALE: "0.01" })).toMatchObject({
      componentAppId: COMPONENT.componentAppId, eventUrl: "http://127.0.0.1:3000/api/wechat/component", timeScale: 0.01,
    });
  });

  it.each([
    [{ SIM_COMPONENT_SECRET: "" }, /SIM_COMPONENT_SECRET/],
    [{ SIM_COMPONENT_AES_KEY: "short" }, /encodingAESKey/],
    [{ SIM_COMPONENT_TIME_SCALE: "0" }, /SIM_COMPONENT_TIME_SCALE/],
    [{ SIM_COMPONENT_MESSAGE_URL: "http://x/no-placeholder" }, /\$APPID\$/],
  ])("names what is wrong: %j", (overrides, message) => {
    expect(componentOptionsFromEnv({ ...env, ...overrides })).toMatch(message);
  });
});
