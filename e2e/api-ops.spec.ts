/**
 * Operations through the app's admin API (app-contract.md "Admin console"):
 * WeChat's IP lists, per-API quotas, and the server-URL check, which the
 * simulator answers by really reaching the app's webhook URL.
 */
import { expect, test } from "@playwright/test";
import { appUrl } from "./e2e-env";
import { appCall, expectCleanError, SECRETS } from "./support/app-api";
import { sim } from "./support/sim-control";

interface Overview {
  callbackIps: string[];
  apiDomainIps: string[];
  quota: Array<{ path: string; dailyLimit: number; used: number; remain: number }>;
}
interface Check {
  dns: Array<{ ip: string; real_operator: string }>;
  ping: Array<{ ip: string; from_operator: string; package_loss: string; time: string }>;
}

test.describe("operations", () => {
  test.afterEach(async () => {
    await sim.config({ webhookUrl: `${appUrl()}/api/wechat` });
  });

  test("GET /api/admin/ops needs the admin token, then shows IPs and quotas the simulator counted", async () => {
    expect((await appCall("/api/admin/ops", { auth: null })).status).toBe(401);
    const res = await appCall<Overview>("/api/admin/ops");
    expect(res.status).toBe(200);
    expect(res.json.callbackIps).toEqual(["127.0.0.1"]);
    expect(res.json.apiDomainIps).toEqual(["127.0.0.1"]);
    const paths = res.json.quota.map((q) => q.path);
    expect(paths).toContain("/cgi-bin/token");
    expect(paths).toContain("/cgi-bin/message/custom/send");
    const getcallbackip = (await sim.state()).calls["cgi-bin/getcallbackip"] ?? 0;
    expect(getcallbackip).toBeGreaterThan(0);
    for (const q of res.json.quota) expect(q.remain).toBe(q.dailyLimit - q.used);
    for (const secret of SECRETS) expect(res.text).not.toContain(secret);
  });

  test("callback-check reaches the app's webhook, and reports 100% loss when the URL is dead", async () => {
    const ok = await appCall<Check>("/api/admin/ops/callback-check", { method: "POST", body: { action: "all", operator: "UNICOM" } });
    expect(ok.status).toBe(200);
    expect(ok.json.dns.length).toBeGreaterThan(0);
    expect(ok.json.ping[0]).toMatchObject({ from_operator: "UNICOM", package_loss: "0%" });

    await sim.config({ webhookUrl: "http://127.0.0.1:9/api/wechat" });
    const dead = await appCall<Check>("/api/admin/ops/callback-check", { method: "POST", body: {} });
    expect(dead.status).toBe(200);
    expect(dead.json.ping[0]?.package_loss).toBe("100%");
  });

  test("bad callback-check input → 400 without calling WeChat", async () => {
    const before = (await sim.state()).calls["cgi-bin/callback/check"] ?? 0;
    for (const body of [{ action: "trace" }, { operator: "CMCC" }, [1]]) {
      const res = await appCall("/api/admin/ops/callback-check", { method: "POST", body });
      expect(res.status).toBe(400);
      expectCleanError(res.text);
    }
    expect((await sim.state()).calls["cgi-bin/callback/check"] ?? 0).toBe(before);
  });
});
