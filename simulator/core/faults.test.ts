import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningSimulator } from "../server";
import { APP_ID, APP_SECRET, getJson, postJson, startTestSimulator } from "../testing/test-support";
import { snapshot } from "../control";

let sim: RunningSimulator;
let tokenUrl: string;

beforeAll(async () => {
  sim = await startTestSimulator();
  tokenUrl = `${sim.url}/cgi-bin/token?grant_type=client_credential&appid=${APP_ID}&secret=${APP_SECRET}`;
});
afterAll(() => sim.close());
beforeEach(() => sim.state.reset());

describe("injected faults", () => {
  it("answers -1 twice, then normally; every call is counted and logged", async () => {
    const added = await postJson(`${sim.url}/__sim/faults`, { endpoint: "cgi-bin/token", errcode: -1, times: 2 });
    expect(added.ok).toBe(true);
    expect((await getJson(tokenUrl)).errcode).toBe(-1);
    expect((await getJson(tokenUrl)).errcode).toBe(-1);
    expect((await getJson(tokenUrl)).access_token).toBeTruthy();
    expect(sim.state.calls["cgi-bin/token"]).toBe(3);
    const log = (await getJson(`${sim.url}/__sim/api-log`)).entries as Array<Record<string, unknown>>;
    expect(log.map((e) => e.errcode)).toEqual([-1, -1, 0]);
    expect(log[0]).toMatchObject({ endpoint: "cgi-bin/token", fault: "errcode -1" });
  });

  it("hangs until reset, which drops the connection", async () => {
    await postJson(`${sim.url}/__sim/faults`, { endpoint: "cgi-bin/token", hang: true });
    const pending = fetch(tokenUrl).then(
      () => "answered",
      () => "dropped",
    );
    const raced = await Promise.race([pending, new Promise((r) => setTimeout(() => r("still waiting"), 150))]);
    expect(raced).toBe("still waiting");
    expect(snapshot(sim.state).hungRequests).toBe(1);
    await postJson(`${sim.url}/__sim/reset`, {});
    expect(await pending).toBe("dropped");
    expect((await getJson(tokenUrl)).access_token).toBeTruthy();
  });

  it("delays, answers HTTP errors, matches '*' and can be cleared", async () => {
    await postJson(`${sim.url}/__sim/faults`, [
      { endpoint: "cgi-bin/token", delayMs: 120, times: 1 },
      { endpoint: "*", httpStatus: 502, times: 1 },
    ]);
    const started = performance.now();
    expect((await getJson(tokenUrl)).access_token).toBeTruthy();
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
    expect((await fetch(`${sim.url}/sns/auth?access_token=x&openid=y`)).status).toBe(502);
    await postJson(`${sim.url}/__sim/faults`, { endpoint: "cgi-bin/user/get", errcode: 45009 });
    const res = await fetch(`${sim.url}/__sim/faults`, { method: "DELETE" });
    expect(res.status).toBe(200);
    expect((await getJson(`${sim.url}/__sim/faults`)).faults).toEqual([]);
  });

  it("rejects malformed fault specs", async () => {
    const res = await fetch(`${sim.url}/__sim/faults`, { method: "POST", body: JSON.stringify({ endpoint: "cgi-bin/token" }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/errcode, httpStatus, delayMs, hang, code or badSignature/);
  });

  it("enforces an IP whitelist with 40164 when configured", async () => {
    await postJson(`${sim.url}/__sim/config`, { ipWhitelist: ["10.0.0.1"] });
    const res = await getJson(tokenUrl);
    expect(res.errcode).toBe(40164);
    expect(String(res.errmsg)).toContain("127.0.0.1");
  });
});
