import { describe, expect, it } from "vitest";
import { callWithAccessToken, type WeChatApiCaller } from "../api-client";
import { WeChatApiError, WeChatValidationError } from "../errors";
import { createFakeFetch, type FakeFetch } from "../../../test/support/fake-fetch";
import { BASE_URL, rejectionOf } from "../../../test/support/wechat-fixtures";
import { blacklistUsers, getBlacklist, unblacklistUsers } from "./blacklist";
import {
  createTag,
  deleteTag,
  getTagFollowers,
  getTags,
  getUserTagIds,
  tagUsers,
  untagUsers,
  updateTag,
  updateUserRemark,
} from "./tags";

/** A caller whose token is TOKEN1 until invalidated, then TOKEN2. */
function caller(fake: FakeFetch): WeChatApiCaller {
  let token = "TOKEN1";
  const deps = {
    http: { baseUrl: BASE_URL, fetch: fake.fetch },
    getAccessToken: async () => token,
    invalidateAccessToken: async () => ((token = "TOKEN2"), true),
  };
  return { call: (req) => callWithAccessToken(deps, req) };
}

const OID = (n: number): string => `o${String(n).padStart(27, "x")}`;
const ok = { json: { errcode: 0, errmsg: "ok" } };

async function validationOf(p: Promise<unknown>): Promise<WeChatValidationError> {
  const err = await rejectionOf(p);
  expect(err).toBeInstanceOf(WeChatValidationError);
  return err as WeChatValidationError;
}

describe("tags: request shapes", () => {
  it("createTag POSTs {tag:{name}} and returns WeChat's id", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: "/cgi-bin/tags/create", query: { access_token: "TOKEN1" }, reply: { json: { tag: { id: 134, name: "广东" } } } });
    expect(await createTag(caller(fake), "广东")).toEqual({ id: 134, name: "广东" });
    expect(fake.calls[0]?.body).toEqual({ tag: { name: "广东" } });
  });

  it("createTag with an answer lacking tag.id is an HTTP error, not a fake id", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: "/cgi-bin/tags/create", reply: { json: { errcode: 0 } } });
    expect(await rejectionOf(createTag(caller(fake), "广东"))).toMatchObject({ code: "WECHAT_HTTP_ERROR" });
  });

  it("getTags GETs the list", async () => {
    const fake = createFakeFetch();
    const tags = [{ id: 2, name: "星标组", count: 0 }, { id: 127, name: "广东", count: 5 }];
    fake.on({ method: "GET", path: "/cgi-bin/tags/get", reply: { json: { tags } } });
    expect(await getTags(caller(fake))).toEqual(tags);
  });

  it("updateTag and deleteTag send {tag:{id,name}} / {tag:{id}}", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: "/cgi-bin/tags/update", reply: ok }).on({ method: "POST", path: "/cgi-bin/tags/delete", reply: ok });
    await updateTag(caller(fake), 134, "广东人");
    await deleteTag(caller(fake), 134);
    expect(fake.calls.map((c) => c.body)).toEqual([{ tag: { id: 134, name: "广东人" } }, { tag: { id: 134 } }]);
  });

  it("tagUsers / untagUsers send openid_list and tagid", async () => {
    const fake = createFakeFetch();
    fake
      .on({ method: "POST", path: "/cgi-bin/tags/members/batchtagging", reply: ok })
      .on({ method: "POST", path: "/cgi-bin/tags/members/batchuntagging", reply: ok });
    await tagUsers(caller(fake), 134, [OID(1), OID(2)]);
    await untagUsers(caller(fake), 134, [OID(1)]);
    expect(fake.calls.map((c) => c.body)).toEqual([{ openid_list: [OID(1), OID(2)], tagid: 134 }, { openid_list: [OID(1)], tagid: 134 }]);
  });

  it("getUserTagIds POSTs the openid", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: "/cgi-bin/tags/getidlist", body: { openid: OID(1) }, reply: { json: { tagid_list: [134, 2] } } });
    expect(await getUserTagIds(caller(fake), OID(1))).toEqual([134, 2]);
  });

  it("getTagFollowers pages with next_openid and ends on an empty page", async () => {
    const fake = createFakeFetch();
    fake
      .on({ method: "POST", path: "/cgi-bin/user/tag/get", body: { tagid: 134, next_openid: "" }, reply: { json: { count: 2, data: { openid: [OID(1), OID(2)] }, next_openid: OID(2) } } })
      .on({ method: "POST", path: "/cgi-bin/user/tag/get", body: { tagid: 134, next_openid: OID(2) }, reply: { json: { count: 0, next_openid: OID(2) } } });
    expect(await getTagFollowers(caller(fake), 134)).toEqual({ count: 2, openids: [OID(1), OID(2)], nextOpenid: OID(2) });
    expect(await getTagFollowers(caller(fake), 134, OID(2))).toEqual({ count: 0, openids: [], nextOpenid: "" });
  });

  it("updateUserRemark POSTs openid and remark", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: "/cgi-bin/user/info/updateremark", reply: ok });
    await updateUserRemark(caller(fake), OID(1), "老客户");
    expect(fake.calls[0]?.body).toEqual({ openid: OID(1), remark: "老客户" });
  });

  it("refreshes the token once on 40001 and retries the same request", async () => {
    const fake = createFakeFetch();
    fake
      .on({ method: "POST", path: "/cgi-bin/tags/members/batchtagging", query: { access_token: "TOKEN1" }, reply: { json: { errcode: 40001, errmsg: "invalid credential" } } })
      .on({ method: "POST", path: "/cgi-bin/tags/members/batchtagging", query: { access_token: "TOKEN2" }, reply: ok });
    await tagUsers(caller(fake), 134, [OID(1)]);
    expect(fake.calls[1]?.body).toEqual(fake.calls[0]?.body);
  });

  it.each([
    [45157, "invalid tag name"],
    [45056, "too many tags"],
    [45059, "user tag count exceeds limit"],
  ])("surfaces errcode %i as WeChatApiError", async (errcode, errmsg) => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: "/cgi-bin/tags/create", reply: { json: { errcode, errmsg } } });
    expect(await rejectionOf(createTag(caller(fake), "广东"))).toMatchObject({ errcode, endpoint: "/cgi-bin/tags/create" });
  });
});

describe("tags: limits checked before the call (the strict fake fails on any request)", () => {
  const fake = (): WeChatApiCaller => caller(createFakeFetch());

  it("tag names: empty, or over 30 characters", async () => {
    expect((await validationOf(createTag(fake(), "  "))).field).toBe("name");
    expect((await validationOf(createTag(fake(), "标".repeat(31)))).message).toContain("45158");
    expect((await validationOf(updateTag(fake(), 134, "a".repeat(31)))).field).toBe("name");
  });

  it("30 characters (90 bytes of Chinese) is accepted", async () => {
    const f = createFakeFetch();
    f.on({ method: "POST", path: "/cgi-bin/tags/create", reply: { json: { tag: { id: 100, name: "x" } } } });
    await createTag(caller(f), "标".repeat(30));
  });

  it.each([0, 1, 2])("the default tag %i cannot be updated or deleted (45058)", async (id) => {
    expect((await validationOf(updateTag(fake(), id, "新名字"))).message).toContain("45058");
    expect((await validationOf(deleteTag(fake(), id))).message).toContain("45058");
  });

  it("tag ids must be non-negative integers", async () => {
    expect((await validationOf(tagUsers(fake(), -1, [OID(1)]))).field).toBe("tagid");
    expect((await validationOf(getTagFollowers(fake(), 1.5))).field).toBe("tagid");
  });

  it("tagging takes 1 to 50 well-formed openids", async () => {
    expect((await validationOf(tagUsers(fake(), 134, []))).field).toBe("openid_list");
    const fiftyOne = Array.from({ length: 51 }, (_, i) => OID(i));
    expect((await validationOf(untagUsers(fake(), 134, fiftyOne))).message).toContain("40032");
    expect((await validationOf(tagUsers(fake(), 134, ["bad openid"]))).message).toContain("40003");
  });

  it("50 openids go out in one call", async () => {
    const f = createFakeFetch();
    f.on({ method: "POST", path: "/cgi-bin/tags/members/batchtagging", reply: ok });
    await tagUsers(caller(f), 134, Array.from({ length: 50 }, (_, i) => OID(i)));
  });

  it("remarks: at most 30 bytes of UTF-8", async () => {
    expect((await validationOf(updateUserRemark(fake(), OID(1), "备".repeat(11)))).field).toBe("remark");
    expect((await validationOf(updateUserRemark(fake(), OID(1), "a".repeat(31)))).field).toBe("remark");
    const f = createFakeFetch();
    f.on({ method: "POST", path: "/cgi-bin/user/info/updateremark", reply: ok });
    await updateUserRemark(caller(f), OID(1), "备".repeat(10));
  });

  it("openids in single calls and cursors", async () => {
    expect((await validationOf(getUserTagIds(fake(), "x y"))).field).toBe("openid");
    expect((await validationOf(getTagFollowers(fake(), 134, "../etc"))).field).toBe("next_openid");
    expect((await validationOf(getBlacklist(fake(), "a b"))).field).toBe("begin_openid");
  });
});

describe("blacklist", () => {
  it("getBlacklist POSTs begin_openid and returns the page with its total", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: "/cgi-bin/tags/members/getblacklist", body: { begin_openid: "" }, reply: { json: { total: 3, count: 2, data: { openid: [OID(1), OID(2)] }, next_openid: OID(2) } } });
    expect(await getBlacklist(caller(fake))).toEqual({ total: 3, count: 2, openids: [OID(1), OID(2)], nextOpenid: OID(2) });
  });

  it("an empty blacklist (no data) ends the list", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: "/cgi-bin/tags/members/getblacklist", reply: { json: { total: 0, count: 0, next_openid: "" } } });
    expect(await getBlacklist(caller(fake), OID(9))).toEqual({ total: 0, count: 0, openids: [], nextOpenid: "" });
    expect(fake.calls[0]?.body).toEqual({ begin_openid: OID(9) });
  });

  it("batchblacklist / batchunblacklist send openid_list", async () => {
    const fake = createFakeFetch();
    fake
      .on({ method: "POST", path: "/cgi-bin/tags/members/batchblacklist", body: { openid_list: [OID(1)] }, reply: ok })
      .on({ method: "POST", path: "/cgi-bin/tags/members/batchunblacklist", body: { openid_list: [OID(1)] }, reply: ok });
    await blacklistUsers(caller(fake), [OID(1)]);
    await unblacklistUsers(caller(fake), [OID(1)]);
  });

  it("takes at most 20 openids a call (40032), checked before the call", async () => {
    const twentyOne = Array.from({ length: 21 }, (_, i) => OID(i));
    expect((await validationOf(blacklistUsers(caller(createFakeFetch()), twentyOne))).message).toContain("40032");
    expect((await validationOf(unblacklistUsers(caller(createFakeFetch()), []))).field).toBe("openid_list");
  });

  it("49003 (openid of another AppID) surfaces as WeChatApiError", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: "/cgi-bin/tags/members/batchblacklist", reply: { json: { errcode: 49003, errmsg: "not match" } } });
    const err = await rejectionOf(blacklistUsers(caller(fake), [OID(1)]));
    expect(err).toBeInstanceOf(WeChatApiError);
    expect(err).toMatchObject({ errcode: 49003 });
  });
});
