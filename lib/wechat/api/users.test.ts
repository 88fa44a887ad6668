import { describe, expect, it } from "vitest";
import { callWithAccessToken, type WeChatApiCaller } from "../api-client";
import { createFakeFetch, type FakeFetch } from "../../../test/support/fake-fetch";
import { BASE_URL } from "../../../test/support/wechat-fixtures";
import { batchGetUserInfo, getAllFollowers, getFollowers, getUserInfo, type UserInfo } from "./users";

function caller(fake: FakeFetch): WeChatApiCaller {
  const deps = { http: { baseUrl: BASE_URL, fetch: fake.fetch }, getAccessToken: async () => "TOKEN", invalidateAccessToken: async () => true };
  return { call: (req) => callWithAccessToken(deps, req) };
}

const user = (openid: string): UserInfo => ({
  subscribe: 1,
  openid,
  language: "zh_CN",
  subscribe_time: 1700000000,
  remark: "",
  groupid: 0,
  tagid_list: [],
  subscribe_scene: "ADD_SCENE_QR_CODE",
  qr_scene: 98765,
  qr_scene_str: "",
});

describe("followers", () => {
  it("reads one page", async () => {
    const fake = createFakeFetch();
    fake.on({ path: "/cgi-bin/user/get", query: { access_token: "TOKEN", next_openid: "o0" }, reply: { json: { total: 5, count: 2, data: { openid: ["o1", "o2"] }, next_openid: "o2" } } });
    expect(await getFollowers(caller(fake), "o0")).toEqual({ total: 5, count: 2, openids: ["o1", "o2"], nextOpenid: "o2" });
  });

  it("treats an empty page (no data, WeChat's last page) as the end", async () => {
    const fake = createFakeFetch();
    fake.on({ path: "/cgi-bin/user/get", reply: { json: { total: 0, count: 0, next_openid: "" } } });
    expect(await getFollowers(caller(fake))).toEqual({ total: 0, count: 0, openids: [], nextOpenid: "" });
    expect(fake.calls[0]?.query).not.toHaveProperty("next_openid");
  });

  it("pages to the end", async () => {
    const fake = createFakeFetch();
    fake
      .on({ path: "/cgi-bin/user/get", reply: { json: { total: 3, count: 2, data: { openid: ["a", "b"] }, next_openid: "b" } } })
      .on({ path: "/cgi-bin/user/get", query: { next_openid: "b" }, reply: { json: { total: 3, count: 1, data: { openid: ["c"] }, next_openid: "c" } } })
      .on({ path: "/cgi-bin/user/get", query: { next_openid: "c" }, reply: { json: { total: 3, count: 0, next_openid: "" } } });
    expect(await getAllFollowers(caller(fake))).toEqual(["a", "b", "c"]);
    expect(fake.calls).toHaveLength(3);
  });
});

describe("user info", () => {
  it("batchget splits 250 openids into chunks of 100, 100 and 50, keeping order", async () => {
    const fake = createFakeFetch();
    const openids = Array.from({ length: 250 }, (_, i) => `o${i}`);
    fake.on({
      method: "POST",
      path: "/cgi-bin/user/info/batchget",
      times: 3,
      reply: (req) => {
        const list = (req.body as { user_list: { openid: string; lang: string }[] }).user_list;
        expect(list.every((u) => u.lang === "zh_CN")).toBe(true);
        return { json: { user_info_list: list.map((u) => user(u.openid)) } };
      },
    });
    const users = await batchGetUserInfo(caller(fake), openids);
    expect(fake.calls.map((c) => (c.body as { user_list: unknown[] }).user_list.length)).toEqual([100, 100, 50]);
    expect(users.map((u) => u.openid)).toEqual(openids);
  });

  it("batchget of nothing makes no call", async () => {
    expect(await batchGetUserInfo(caller(createFakeFetch()), [])).toEqual([]);
  });

  it("getUserInfo asks for one user in the given language", async () => {
    const fake = createFakeFetch();
    fake.on({ path: "/cgi-bin/user/info", query: { openid: "o1", lang: "en" }, reply: { json: { subscribe: 0, openid: "o1" } } });
    const info = await getUserInfo(caller(fake), "o1", "en");
    expect(info.subscribe).toBe(0);
  });
});

describe("retired profile fields", () => {
  it("UserInfo has no nickname, avatar, sex or region since 2021-12-27 (the compiler refuses them)", () => {
    // @ts-expect-error nickname is never returned by user/info any more
    const withNickname: UserInfo = { ...user("o1"), nickname: "张三" };
    // @ts-expect-error nor is headimgurl
    const withAvatar: UserInfo = { subscribe: 0, openid: "o1", headimgurl: "https://x" };
    expect(withNickname.openid).toBe("o1");
    expect(withAvatar.subscribe).toBe(0);
  });
});
