import { describe, expect, it } from "vitest";
import { createRecentErrors, mergeOpsErrors, opsErrorFromText, outgoingIpOf, redactRidInfo, type OpsError } from "./ops-errors";

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
});
