import { describe, expect, it } from "vitest";
import { buildContentSecurityPolicy, strictTransportSecurity } from "./csp";

const directive = (policy: string, name: string): string[] =>
  (policy.split("; ").find((d) => d.startsWith(`${name} `)) ?? "").split(" ").slice(1);

describe("Content-Security-Policy", () => {
  const production = buildContentSecurityPolicy({ nonce: "abc123", development: false, upstreamBaseUrls: ["https://api.weixin.qq.com", undefined] });

  it("allows scripts from us, the nonce and WeChat's JS-SDK hosts only; never eval or inline in a build", () => {
    expect(directive(production, "script-src")).toEqual(["'self'", "'nonce-abc123'", "https://res.wx.qq.com", "https://res2.wx.qq.com"]);
    expect(production).not.toContain("unsafe-eval");
    expect(directive(production, "script-src")).not.toContain("'unsafe-inline'");
    expect(directive(production, "object-src")).toEqual(["'none'"]);
    expect(directive(production, "frame-ancestors")).toEqual(["'self'"]);
  });

  it("allows WeChat's avatar hosts, and a stand-in upstream (simulator) only when configured", () => {
    expect(directive(production, "img-src")).toEqual(expect.arrayContaining(["https://thirdwx.qlogo.cn", "https://wx.qlogo.cn", "https://open.weixin.qq.com"]));
    expect(directive(production, "connect-src")).toEqual(["'self'"]);
    const e2e = buildContentSecurityPolicy({ nonce: "n", development: false, upstreamBaseUrls: ["http://127.0.0.1:4100/", "http://127.0.0.1:4100"] });
    expect(directive(e2e, "connect-src")).toEqual(["'self'", "http://127.0.0.1:4100"]);
    expect(directive(e2e, "img-src")).toContain("http://127.0.0.1:4100");
  });

  it("adds eval for next dev only", () => {
    expect(directive(buildContentSecurityPolicy({ nonce: "n", development: true, upstreamBaseUrls: [] }), "script-src")).toContain("'unsafe-eval'");
  });
});

describe("HSTS", () => {
  it("only for an https APP_URL", () => {
    expect(strictTransportSecurity("https://mp.example.com")).toMatch(/^max-age=\d+/);
    expect(strictTransportSecurity("http://localhost:3000")).toBeNull();
    expect(strictTransportSecurity(undefined)).toBeNull();
  });
});
