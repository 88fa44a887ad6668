import { describe, expect, it } from "vitest";
import { collectOpsOverview } from "./service";
import { callWithAccessToken, type WeChatApiCaller } from "@wxmp/wechat/api-client";
import { WeChatApiError } from "@wxmp/wechat/errors";
import { createFakeFetch, type FakeFetch } from "../../../test/support/fake-fetch";
import { BASE_URL, rejectionOf } from "../../../test/support/wechat-fixtures";

function caller(fake: FakeFetch): WeChatApiCaller {
  const deps = { http: { baseUrl: BASE_URL, fetch: fake.fetch }, getAccessToken: async () => "T", invalidateAccessToken: async () => true };
  return { call: (req) => callWithAccessToken(deps, req) };
}

function ips(fake: FakeFetch): void {
  fake.on({ path: "/cgi-bin/getcallbackip", reply: { json: { ip_list: ["1.1.1.1"] } } });
  fake.on({ path: "/cgi-bin/get_api_domain_ip", reply: { json: { ip_list: ["2.2.2.2"] } } });
}

describe("ops overview", () => {
  it("lists IPs and each path's quota, leaving out APIs the account lacks (76022)", async () => {
    const fake = createFakeFetch();
    ips(fake);
    fake.on({ method: "POST", path: "/cgi-bin/openapi/quota/get", body: { cgi_path: "/cgi-bin/token" }, reply: { json: { quota: { daily_limit: 2000, used: 3, remain: 1997 } } } });
    fake.on({ method: "POST", path: "/cgi-bin/openapi/quota/get", body: { cgi_path: "/cgi-bin/message/template/send" }, reply: { json: { errcode: 76022, errmsg: "could not use this cgi_path，no permission" } } });
    expect(await collectOpsOverview(caller(fake), ["/cgi-bin/token", "/cgi-bin/message/template/send"])).toEqual({
      callbackIps: ["1.1.1.1"],
      apiDomainIps: ["2.2.2.2"],
      quota: [{ path: "/cgi-bin/token", dailyLimit: 2000, used: 3, remain: 1997 }],
    });
  });

  it("other errcodes (45009) are not hidden", async () => {
    const fake = createFakeFetch();
    ips(fake);
    fake.on({ method: "POST", path: "/cgi-bin/openapi/quota/get", reply: { json: { errcode: 45009, errmsg: "reach max api daily quota limit" } } });
    const error = await rejectionOf(collectOpsOverview(caller(fake), ["/cgi-bin/token"]));
    expect((error as WeChatApiError).errcode).toBe(45009);
  });
});
