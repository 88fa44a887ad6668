import { describe, expect, it } from "vitest";
import { getFollowers } from "./api/users";
import { createHarness, expectNoSecrets, ticketReply, ticketValue, tokenReply, tokenValue } from "../../test/support/wechat-fixtures";

describe("createWeChatClient", () => {
  it("bundles the credentials and an authenticated call usable by the API modules", async () => {
    const h = createHarness();
    h.fake
      .on({ path: "/cgi-bin/token", reply: tokenReply(1) })
      .on({ path: "/cgi-bin/user/get", query: { access_token: tokenValue(1) }, reply: { json: { total: 1, count: 1, data: { openid: ["o1"] }, next_openid: "o1" } } })
      .on({ path: "/cgi-bin/ticket/getticket", query: { access_token: tokenValue(1), type: "jsapi" }, reply: ticketReply(1) });
    const client = h.client();
    expect(client.appId).toBe("wx0123456789abcdef");
    expect((await getFollowers(client)).openids).toEqual(["o1"]);
    expect(await client.credentials.getJsApiTicket()).toBe(ticketValue(1));
    expect(await client.credentials.getAccessToken()).toBe(tokenValue(1));
    const health = await client.credentials.getHealth();
    expect(health).toMatchObject({ mode: "classic", accessToken: { valid: true }, jsApiTicket: { valid: true } });
    expectNoSecrets([health]);
  });
});
