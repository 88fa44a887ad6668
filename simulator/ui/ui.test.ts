import vm from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSimulator } from "../server";
import { startTestSimulator } from "../testing/test-support";

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startTestSimulator({ accountName: "测试公众号</script>" });
});
afterAll(() => sim.close());

describe("web UI", () => {
  it("serves the chat page with stable test ids and scripts that compile", async () => {
    const res = await fetch(`${sim.url}/`);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    for (const id of ["user-select", "mode-select", "chat-messages", "message-input", "send-button", "push-status",
      "event-subscribe", "event-unsubscribe", "click-key-input", "event-click", "scan-scene-input", "event-scan",
      "api-log", "verify-url-button", "expire-tokens-button", "consent-demo-link"]) {
      expect(html).toContain(`data-testid="${id}"`);
    }
    expect(html).toContain(">明文模式<");
    expect(html).toContain(">安全模式<");
    // The account name is escaped everywhere, including inside the boot JSON.
    expect(html).not.toContain("测试公众号</script>");
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(scripts).toHaveLength(2);
    for (const code of scripts) expect(() => new vm.Script(code)).not.toThrow();
  });

  it("serves avatars as SVG in both URL shapes", async () => {
    const openid = sim.account.users.all[0]!.openid;
    for (const path of [`/__sim/avatar/${openid}.svg`, `/__sim/avatar/${openid}/132`, `/__sim/avatar/${openid}/0`]) {
      const res = await fetch(`${sim.url}${path}`);
      expect(res.headers.get("content-type")).toContain("image/svg+xml");
      expect(await res.text()).toContain("<svg");
    }
  });

  it("the consent demo link leads through the consent page to the demo callback", async () => {
    const html = await (await fetch(`${sim.url}/`)).text();
    const href = /data-testid="consent-demo-link" href="([^"]+)"/.exec(html)![1]!.replace(/&amp;/g, "&");
    const consent = await (await fetch(`${sim.url}${href}`)).text();
    const pending = /name="pending" value="([^"]+)"/.exec(consent)![1]!;
    const res = await fetch(`${sim.url}/connect/oauth2/authorize/confirm`, {
      method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ pending, decision: "allow", openid: sim.account.users.all[2]!.openid }).toString(),
    });
    expect(res.headers.get("set-cookie")).toContain("wxsim_user=");
    const demo = await (await fetch(res.headers.get("location")!)).text();
    expect(demo).toContain("授权成功：张伟");
    // A second answer to the same consent page is refused.
    const again = await fetch(`${sim.url}/connect/oauth2/authorize/confirm`, {
      method: "POST", redirect: "manual", body: new URLSearchParams({ pending, decision: "allow" }).toString(),
    });
    expect(await again.text()).toContain("页面已过期");
  });

  it("answers unknown paths with 404 JSON and wrong methods with 405", async () => {
    expect((await fetch(`${sim.url}/cgi-bin/nope`)).status).toBe(404);
    expect((await fetch(`${sim.url}/cgi-bin/token`, { method: "POST" })).status).toBe(405);
  });
});
