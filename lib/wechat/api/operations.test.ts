import { describe, expect, it } from "vitest";
import { callWithAccessToken, type WeChatApiCaller } from "../api-client";
import { WeChatApiError, WeChatValidationError } from "../errors";
import { createFakeFetch, type FakeFetch } from "../../../test/support/fake-fetch";
import { BASE_URL, rejectionOf } from "../../../test/support/wechat-fixtures";
import {
  checkCallback,
  clearQuota,
  getApiDomainIps,
  getApiQuota,
  getCallbackIps,
  getRidInfo,
  ridOf,
  type CallbackCheckAction,
  type CallbackCheckOperator,
} from "./operations";

/** A caller whose token is TOKEN1, then TOKEN2 after an invalidation. */
function caller(fake: FakeFetch): WeChatApiCaller & { invalidated: string[] } {
  let current = "TOKEN1";
  const invalidated: string[] = [];
  const deps = {
    http: { baseUrl: BASE_URL, fetch: fake.fetch },
    getAccessToken: async () => current,
    invalidateAccessToken: async (t: string) => {
      invalidated.push(t);
      current = "TOKEN2";
      return true;
    },
  };
  return { invalidated, call: (req) => callWithAccessToken(deps, req) };
}

describe("IP lists", () => {
  it("getcallbackip returns WeChat's push IPs", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "GET", path: "/cgi-bin/getcallbackip", query: { access_token: "TOKEN1" }, reply: { json: { ip_list: ["101.226.103.0/25", "101.226.62.77"] } } });
    expect(await getCallbackIps(caller(fake))).toEqual(["101.226.103.0/25", "101.226.62.77"]);
  });

  it("get_api_domain_ip refreshes the token once on 40001 and retries", async () => {
    const fake = createFakeFetch();
    fake
      .on({ path: "/cgi-bin/get_api_domain_ip", query: { access_token: "TOKEN1" }, reply: { json: { errcode: 40001, errmsg: "invalid credential rid: 1-2-3" } } })
      .on({ path: "/cgi-bin/get_api_domain_ip", query: { access_token: "TOKEN2" }, reply: { json: { ip_list: ["180.163.15.160"] } } });
    const c = caller(fake);
    expect(await getApiDomainIps(c)).toEqual(["180.163.15.160"]);
    expect(c.invalidated).toEqual(["TOKEN1"]);
  });

  it("a missing ip_list reads as an empty list", async () => {
    const fake = createFakeFetch();
    fake.on({ path: "/cgi-bin/getcallbackip", reply: { json: {} } });
    expect(await getCallbackIps(caller(fake))).toEqual([]);
  });
});

describe("callback/check", () => {
  it("posts action and check_operator and returns dns and ping", async () => {
    const fake = createFakeFetch();
    const dns = [{ ip: "111.161.64.40", real_operator: "UNICOM" }];
    const ping = [{ ip: "111.161.64.40", from_operator: "UNICOM", package_loss: "0%", time: "23.079ms" }];
    fake.on({ method: "POST", path: "/cgi-bin/callback/check", reply: { json: { dns, ping } } });
    expect(await checkCallback(caller(fake), "all", "UNICOM")).toEqual({ dns, ping });
    expect(fake.calls[0]?.body).toEqual({ action: "all", check_operator: "UNICOM" });
  });

  it("defaults to all/DEFAULT and tolerates a dns-only answer", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: "/cgi-bin/callback/check", reply: { json: { dns: [] } } });
    expect(await checkCallback(caller(fake))).toEqual({ dns: [], ping: [] });
    expect(fake.calls[0]?.body).toEqual({ action: "all", check_operator: "DEFAULT" });
  });

  it("rejects an unknown action or operator before calling", async () => {
    const c = caller(createFakeFetch());
    const a = await rejectionOf(checkCallback(c, "trace" as CallbackCheckAction));
    expect(a).toBeInstanceOf(WeChatValidationError);
    expect((a as WeChatValidationError).field).toBe("action");
    const o = await rejectionOf(checkCallback(c, "dns", "CMCC" as CallbackCheckOperator));
    expect((o as WeChatValidationError).field).toBe("check_operator");
    expect(o.message).toContain("CHINANET");
  });
});

describe("quota", () => {
  it("reads one API's quota", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: "/cgi-bin/openapi/quota/get", reply: { json: { errcode: 0, errmsg: "ok", quota: { daily_limit: 500000, used: 12, remain: 499988 } } } });
    expect(await getApiQuota(caller(fake), "/cgi-bin/message/custom/send")).toEqual({ dailyLimit: 500000, used: 12, remain: 499988 });
    expect(fake.calls[0]?.body).toEqual({ cgi_path: "/cgi-bin/message/custom/send" });
  });

  it.each(["cgi-bin/message/custom/send", "https://api.weixin.qq.com/cgi-bin/token", "", "/cgi-bin/token?x=1"])(
    "rejects cgi_path %j before calling, in the platform's words",
    async (path) => {
      const e = await rejectionOf(getApiQuota(caller(createFakeFetch()), path));
      expect(e).toBeInstanceOf(WeChatValidationError);
      expect((e as WeChatValidationError).field).toBe("cgi_path");
      expect(e.message).toContain("不要前缀");
    },
  );

  it("an unknown cgi_path (76021) is an API error", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: "/cgi-bin/openapi/quota/get", reply: { json: { errcode: 76021, errmsg: "cgi_path not found, please check rid: a-b" } } });
    const e = await rejectionOf(getApiQuota(caller(fake), "/cgi-bin/nope"));
    expect((e as WeChatApiError).errcode).toBe(76021);
  });

  it("clear_quota posts the appid once (never retried) and reports success", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: "/cgi-bin/clear_quota", reply: { json: { errcode: 0, errmsg: "ok" } } });
    expect(await clearQuota(caller(fake), "wx0123456789abcdef")).toEqual({ ok: true });
    expect(fake.calls[0]?.body).toEqual({ appid: "wx0123456789abcdef" });
  });

  it("clear_quota's monthly limit (48006) is a value", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: "/cgi-bin/clear_quota", reply: { json: { errcode: 48006, errmsg: "forbid to clear quota because of reaching the limit" } } });
    expect(await clearQuota(caller(fake), "wx0123456789abcdef")).toEqual({ ok: false, reason: "monthly_limit_reached" });
  });

  it("clear_quota rethrows other errcodes and rejects a malformed appid", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: "/cgi-bin/clear_quota", reply: { json: { errcode: 40013, errmsg: "invalid appid" } } });
    expect(((await rejectionOf(clearQuota(caller(fake), "wx0123456789abcdef"))) as WeChatApiError).errcode).toBe(40013);
    const v = await rejectionOf(clearQuota(caller(createFakeFetch()), "gh_123"));
    expect((v as WeChatValidationError).field).toBe("appid");
  });
});

describe("rid", () => {
  it("rid/get returns the request WeChat logged", async () => {
    const fake = createFakeFetch();
    const request = { invoke_time: 1635156704, cost_in_ms: 30, request_url: "access_token=xxx", request_body: "", response_body: "{\"errcode\":45009}", client_ip: "1.2.3.4" };
    fake.on({ method: "POST", path: "/cgi-bin/openapi/rid/get", reply: { json: { errcode: 0, errmsg: "ok", request } } });
    expect(await getRidInfo(caller(fake), "61725984-6126f6f9-040f19c4")).toEqual(request);
    expect(fake.calls[0]?.body).toEqual({ rid: "61725984-6126f6f9-040f19c4" });
  });

  it("rejects a rid that is not one, and surfaces 76001 (rid not found)", async () => {
    const v = await rejectionOf(getRidInfo(caller(createFakeFetch()), "not a rid"));
    expect((v as WeChatValidationError).field).toBe("rid");
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: "/cgi-bin/openapi/rid/get", reply: { json: { errcode: 76001, errmsg: "rid not found" } } });
    expect(((await rejectionOf(getRidInfo(caller(fake), "aa-bb"))) as WeChatApiError).errcode).toBe(76001);
  });

  it("ridOf finds the rid in an errmsg", () => {
    expect(ridOf("invalid ip 1.2.3.4, not in whitelist rid: 6543a1b2-1f2d3c4b-0a1b2c3d")).toBe("6543a1b2-1f2d3c4b-0a1b2c3d");
    expect(ridOf("ok")).toBeUndefined();
  });
});
