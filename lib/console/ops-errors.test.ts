import { describe, expect, it } from "vitest";
import { createRecentErrors, mergeOpsErrors, opsErrorFromText, outgoingIpOf, redactRequestUrl, redactRidInfo, redactSecrets, type OpsError } from "./ops-errors";

const e = (at: number, rid: string | null, source = "admin ops"): OpsError => ({ at, source, errcode: 45009, message: "m", rid, outgoingIp: null });

describe("opsErrorFromText", () => {
  it("reads errcode, rid and the outgoing IP of a 40164", () => {
    const text = "WeChat API error 40164: invalid ip 203.0.113.7 ipv6 ::ffff:203.0.113.7, not in whitelist rid: 6543a1b2-1f2d3c4b-0a1b2c3d (/cgi-bin/token)";
    expect(opsErrorFromText("access_token", text, 5)).toEqual({
      at: 5, source: "access_token", errcode: 40164, message: text, rid: "6543a1b2-1f2d3c4b-0a1b2c3d", outgoingIp: "203.0.113.7",
    });
  });

  it("gives no IP for other errcodes, and nulls for a timeout", () => {
    expect(opsErrorFromText("x", "WeChat API error 45009: reach max api daily quota limit rid: aa-bb", 1)).toMatchObject({ errcode: 45009, rid: "aa-bb", outgoingIp: null });
    expect(opsErrorFromText("x", "WeChat did not answer within 5000 ms", 1)).toMatchObject({ errcode: null, rid: null, outgoingIp: null });
  });

  it("outgoingIpOf reads IPv4 and IPv6 addresses", () => {
    expect(outgoingIpOf("invalid ip 2001:db8::1, not in whitelist")).toBe("2001:db8::1");
    expect(outgoingIpOf("invalid credential")).toBeNull();
  });
});

describe("recent errors", () => {
  it("keeps only the last N", () => {
    const ring = createRecentErrors(3);
    for (let i = 1; i <= 5; i++) ring.record(e(i, `r-${i}`));
    expect(ring.list().map((x) => x.at)).toEqual([3, 4, 5]);
  });

  it("merges newest first, one entry per rid, capped", () => {
    const merged = mergeOpsErrors([[e(1, "a-1", "access_token"), e(4, null)], [e(3, "a-1"), e(2, "b-2"), e(5, null)]], 3);
    expect(merged.map((x) => [x.at, x.rid])).toEqual([[5, null], [4, null], [3, "a-1"]]);
    expect(mergeOpsErrors([[e(1, "a-1"), e(3, "a-1")]]).map((x) => x.at)).toEqual([3]);
  });
});

describe("redactRidInfo", () => {
  it("masks the app secret and tokens rid/get echoes back", () => {
    const info = redactRidInfo({
      invoke_time: 1, cost_in_ms: 2, client_ip: "1.2.3.4",
      request_url: "/cgi-bin/token?grant_type=client_credential&appid=wx1&secret=S3CR3T",
      request_body: '{"grant_type":"client_credential","appid":"wx1","secret":"S3CR3T","force_refresh":false}',
      response_body: '{"access_token":"TOK","expires_in":7200}',
    });
    const all = JSON.stringify(info);
    expect(all).not.toContain("S3CR3T");
    expect(all).not.toContain("TOK");
    expect(info.request_body).toContain('"appid":"wx1"');
    expect(info.request_url).toBe("/cgi-bin/token?grant_type=client_credential&appid=wx1&secret=***");
  });

  it("masks the live access_token in WeChat's documented answer, where request_url is a bare query", () => {
    // The 返回结果示例 of rid/get, https://developers.weixin.qq.com/doc/offiaccount/openApi/get_rid_info.html
    const documented = {
      invoke_time: 1635156704,
      cost_in_ms: 30,
      request_url: "access_token=50_Im7xxxx",
      request_body: "",
      response_body: '{"errcode":45009,"errmsg":"reach max api daily quota limit rid: 617682e0-09059ac5-34a8e2ea"}',
      client_ip: "113.xx.70.51",
    };
    const info = redactRidInfo(documented);
    expect(JSON.stringify(info)).not.toContain("50_Im7xxxx");
    expect(info.request_url).toBe("access_token=***");
    expect(info.response_body).toBe(documented.response_body);
    expect(info.client_ip).toBe("113.xx.70.51");
  });

  it("keeps only the values that name the call, wherever the token stands", () => {
    expect(redactRequestUrl("access_token=TOK&cgi_path=/cgi-bin/openapi/quota/get")).toBe("access_token=***&cgi_path=/cgi-bin/openapi/quota/get");
    expect(redactRequestUrl("openid=o1&lang=zh_CN&access_token=TOK")).toBe("openid=***&lang=zh_CN&access_token=***");
    expect(redactRequestUrl("/cgi-bin/ticket/getticket?type=jsapi&access_token=TOK")).toBe("/cgi-bin/ticket/getticket?type=jsapi&access_token=***");
    expect(redactRequestUrl("ACCESS_TOKEN=TOK")).toBe("ACCESS_TOKEN=***");
    expect(redactRequestUrl("")).toBe("");
  });

  it("masks token-like keys at the start of a text and in JSON, whatever their prefix", () => {
    expect(redactSecrets("access_token=TOK&x=1")).toBe("access_token=***&x=1");
    expect(redactSecrets("called with authorizer_access_token=TOK")).toBe("called with authorizer_access_token=***");
    expect(redactSecrets('{"session_key":"K","jsapi_ticket":"T","component_access_token":"C","errcode":0}')).toBe(
      '{"session_key":"***","jsapi_ticket":"***","component_access_token":"***","errcode":0}',
    );
  });
});
