import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildJsSdkConfig, generateNonceStr, isOriginAllowed, normalizeSignUrl, signJsSdk } from "./jssdk";

interface JsSdkVector {
  id: string;
  jsapi_ticket: string;
  noncestr: string;
  timestamp: string;
  url: string;
  signature: string;
}

const vectors = (
  JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../test/vectors/wechat-test-vectors.json"), "utf8")) as { jssdk: JsSdkVector[] }
).jssdk;
const byId = (id: string): JsSdkVector => {
  const v = vectors.find((x) => x.id === id);
  if (!v) throw new Error(`vector ${id} missing`);
  return v;
};

describe("signJsSdk", () => {
  it.each(["J1", "J2"])("matches published vector %s", (id) => {
    const v = byId(id);
    expect(signJsSdk({ jsapiTicket: v.jsapi_ticket, nonceStr: v.noncestr, timestamp: v.timestamp, url: v.url })).toBe(v.signature);
  });

  it("accepts a numeric timestamp and is sensitive to every field", () => {
    const v = byId("J1");
    const base = { jsapiTicket: v.jsapi_ticket, nonceStr: v.noncestr, timestamp: Number(v.timestamp), url: v.url };
    expect(signJsSdk(base)).toBe(v.signature);
    expect(signJsSdk({ ...base, url: v.url + "#frag" })).not.toBe(v.signature);
    expect(signJsSdk({ ...base, url: "http://mp.weixin.qq.com/?params=value" })).not.toBe(v.signature);
    expect(signJsSdk({ ...base, timestamp: base.timestamp + 1 })).not.toBe(v.signature);
  });
});

describe("normalizeSignUrl", () => {
  it("keeps J1's URL byte for byte (no trailing slash added)", () => {
    expect(normalizeSignUrl(byId("J1").url)).toEqual({ ok: true, url: "http://mp.weixin.qq.com?params=value" });
  });

  it.each([
    ["https://mp.example.com/jssdk/share?x=1#section", "https://mp.example.com/jssdk/share?x=1"],
    ["https://mp.example.com/#/spa/route", "https://mp.example.com/"],
    ["https://mp.example.com/a%20b?q=%E4%B8%AD&x=中", "https://mp.example.com/a%20b?q=%E4%B8%AD&x=中"],
    ["HTTPS://Mp.Example.com:8443/p", "HTTPS://Mp.Example.com:8443/p"],
    [byId("J2").url, byId("J2").url],
  ])("strips only the fragment of %s", (input, expected) => {
    expect(normalizeSignUrl(input)).toEqual({ ok: true, url: expected });
  });

  it.each([undefined, 42, "", "/jssdk", "mp.example.com/x", "ftp://mp.example.com/", "javascript:alert(1)//http://x", "https://", "https://mp.example.com/a b", "https://mp.example.com/\n", "https://user:pw@mp.example.com/", "https://mp.example.com/" + "a".repeat(5000)])(
    "rejects %j",
    (input) => {
      expect(normalizeSignUrl(input)).toEqual({ ok: false, reason: "invalid_url" });
    },
  );
});

describe("isOriginAllowed", () => {
  const allowed = ["https://mp.example.com", "http://localhost:3000"];

  it.each([
    ["https://mp.example.com/jssdk?x=1", true],
    ["https://MP.Example.COM/jssdk", true],
    ["https://mp.example.com:443/jssdk", true],
    ["http://localhost:3000/", true],
    ["http://mp.example.com/jssdk", false],
    ["https://mp.example.com:8443/jssdk", false],
    ["http://localhost:3001/", false],
    ["https://evil.mp.example.com/", false],
    ["https://mp.example.com.evil.com/", false],
    ["https://example.com/", false],
    ["not a url", false],
  ])("%s -> %s", (url, expected) => {
    expect(isOriginAllowed(url, allowed)).toBe(expected);
  });

  it("tolerates whitespace and trailing slashes in configured origins, ignores junk", () => {
    expect(isOriginAllowed("https://a.example/x", [" https://a.example/ ", "::junk::"])).toBe(true);
    expect(isOriginAllowed("https://a.example/x", [])).toBe(false);
  });
});

describe("buildJsSdkConfig", () => {
  const TICKET = "sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg";
  const input = {
    appId: "wx1234567890abcdef",
    allowedOrigins: ["https://mp.example.com"],
    getTicket: async (): Promise<string> => TICKET,
  };

  it("signs the fragment-free URL with the injected clock and nonce", async () => {
    const result = await buildJsSdkConfig({
      ...input,
      url: "https://mp.example.com/jssdk/scan?x=1#top",
      clock: () => 1414587457_999,
      randomNonce: () => "Wm3WZYTPz0wzccnW",
    });
    expect(result).toEqual({
      ok: true,
      config: {
        appId: input.appId,
        timestamp: 1414587457,
        nonceStr: "Wm3WZYTPz0wzccnW",
        signature: signJsSdk({ jsapiTicket: TICKET, nonceStr: "Wm3WZYTPz0wzccnW", timestamp: 1414587457, url: "https://mp.example.com/jssdk/scan?x=1" }),
        url: "https://mp.example.com/jssdk/scan?x=1",
      },
    });
  });

  it("reproduces vector J1 end to end", async () => {
    const v = byId("J1");
    const result = await buildJsSdkConfig({
      appId: "wx",
      url: v.url + "#x",
      allowedOrigins: ["http://mp.weixin.qq.com"],
      getTicket: async () => v.jsapi_ticket,
      clock: () => Number(v.timestamp) * 1000,
      randomNonce: () => v.noncestr,
    });
    expect(result.ok && result.config.signature).toBe(v.signature);
  });

  it("never includes the ticket, and uses a fresh 16-char nonce per call", async () => {
    const a = await buildJsSdkConfig({ ...input, url: "https://mp.example.com/" });
    const b = await buildJsSdkConfig({ ...input, url: "https://mp.example.com/" });
    for (const result of [a, b]) {
      expect(JSON.stringify(result)).not.toContain(TICKET);
      expect(result.ok && result.config.nonceStr).toMatch(/^[A-Za-z0-9]{16}$/);
      expect(result.ok && Number.isInteger(result.config.timestamp)).toBe(true);
    }
    expect(a.ok && b.ok && a.config.nonceStr !== b.config.nonceStr).toBe(true);
  });

  it("refuses bad URLs and foreign origins without fetching the ticket", async () => {
    let fetched = 0;
    const getTicket = async (): Promise<string> => {
      fetched++;
      return TICKET;
    };
    expect(await buildJsSdkConfig({ ...input, getTicket, url: "/relative" })).toEqual({ ok: false, reason: "invalid_url" });
    expect(await buildJsSdkConfig({ ...input, getTicket, url: null })).toEqual({ ok: false, reason: "invalid_url" });
    expect(await buildJsSdkConfig({ ...input, getTicket, url: "https://evil.com/" })).toEqual({ ok: false, reason: "origin_not_allowed" });
    expect(await buildJsSdkConfig({ ...input, getTicket, url: "http://mp.example.com/" })).toEqual({ ok: false, reason: "origin_not_allowed" });
    expect(fetched).toBe(0);
  });

  it("propagates a ticket failure", async () => {
    const boom = new Error("ticket unavailable");
    await expect(buildJsSdkConfig({ ...input, url: "https://mp.example.com/", getTicket: async () => Promise.reject(boom) })).rejects.toBe(boom);
  });
});

describe("generateNonceStr", () => {
  it("is 16 chars of [A-Za-z0-9]", () => {
    expect(generateNonceStr()).toMatch(/^[A-Za-z0-9]{16}$/);
  });
});
