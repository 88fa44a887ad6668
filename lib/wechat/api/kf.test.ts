import { describe, expect, it } from "vitest";
import { callWithAccessToken, type WeChatApiCaller } from "../api-client";
import { WeChatApiError, WeChatValidationError } from "../errors";
import type { FetchLike } from "../types";
import { createFakeFetch, type FakeFetch } from "../../../test/support/fake-fetch";
import { BASE_URL, rejectionOf } from "../../../test/support/wechat-fixtures";
import { addKfAccount, deleteKfAccount, getKfList, getOnlineKfList, updateKfAccount, uploadKfHeadImage } from "./kf-accounts";
import { closeKfSession, createKfSession, getKfSession, getKfSessionList, getWaitCase, setTyping } from "./kf-sessions";

/** A caller whose token is TOKEN1 until invalidated, then TOKEN2; `seen` keeps each request's raw body. */
function caller(fake: FakeFetch, seen: Array<BodyInit | null | undefined> = []): WeChatApiCaller {
  let token = "TOKEN1";
  const fetch: FetchLike = (input, init) => {
    seen.push(init?.body);
    return fake.fetch(input, init);
  };
  const deps = {
    http: { baseUrl: BASE_URL, fetch },
    getAccessToken: async () => token,
    invalidateAccessToken: async () => ((token = "TOKEN2"), true),
  };
  return { call: (req) => callWithAccessToken(deps, req) };
}

const OID = `o${"k".repeat(27)}`;
const KF = "kf2001@gh_test_id";
const ok = { json: { errcode: 0, errmsg: "ok" } };
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70]);
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10]);

async function validationOf(p: Promise<unknown>): Promise<WeChatValidationError> {
  const err = await rejectionOf(p);
  expect(err).toBeInstanceOf(WeChatValidationError);
  return err as WeChatValidationError;
}

describe("kf accounts", () => {
  it("getKfList and getOnlineKfList read WeChat's lists", async () => {
    const fake = createFakeFetch();
    const list = [{ kf_account: KF, kf_nick: "小王", kf_id: "1001", kf_headimgurl: "" }];
    const online = [{ kf_account: KF, status: 1, kf_id: "1001", accepted_case: 2 }];
    fake
      .on({ method: "GET", path: "/cgi-bin/customservice/getkflist", query: { access_token: "TOKEN1" }, reply: { json: { kf_list: list } } })
      .on({ method: "GET", path: "/cgi-bin/customservice/getonlinekflist", reply: { json: { kf_online_list: online } } });
    expect(await getKfList(caller(fake))).toEqual(list);
    expect(await getOnlineKfList(caller(fake))).toEqual(online);
  });

  it("add and update POST kf_account and nickname; delete is a GET with kf_account", async () => {
    const fake = createFakeFetch();
    fake
      .on({ method: "POST", path: "/customservice/kfaccount/add", reply: ok })
      .on({ method: "POST", path: "/customservice/kfaccount/update", reply: ok })
      .on({ method: "GET", path: "/customservice/kfaccount/del", query: { kf_account: KF }, reply: ok });
    await addKfAccount(caller(fake), KF, "客服小王");
    await updateKfAccount(caller(fake), KF, "客服老王");
    await deleteKfAccount(caller(fake), KF);
    expect(fake.calls.map((c) => c.body)).toEqual([{ kf_account: KF, nickname: "客服小王" }, { kf_account: KF, nickname: "客服老王" }, undefined]);
  });

  it("refreshes once on 40001 and retries the add", async () => {
    const fake = createFakeFetch();
    fake
      .on({ method: "POST", path: "/customservice/kfaccount/add", query: { access_token: "TOKEN1" }, reply: { json: { errcode: 40001, errmsg: "invalid credential" } } })
      .on({ method: "POST", path: "/customservice/kfaccount/add", query: { access_token: "TOKEN2" }, reply: ok });
    await addKfAccount(caller(fake), KF, "客服小王");
  });

  it("65406 (account exists) surfaces as WeChatApiError", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: "/customservice/kfaccount/add", reply: { json: { errcode: 65406, errmsg: "custom service account exists" } } });
    const err = await rejectionOf(addKfAccount(caller(fake), KF, "客服小王"));
    expect(err).toBeInstanceOf(WeChatApiError);
    expect(err).toMatchObject({ errcode: 65406 });
  });

  it("uploadheadimg sends multipart field `media` named with .jpg, kf_account in the query", async () => {
    const fake = createFakeFetch();
    const seen: Array<BodyInit | null | undefined> = [];
    fake.on({ method: "POST", path: "/customservice/kfaccount/uploadheadimg", query: { kf_account: KF }, reply: ok });
    await uploadKfHeadImage(caller(fake, seen), KF, JPEG);
    const form = seen[0];
    expect(form).toBeInstanceOf(FormData);
    const file = (form as FormData).get("media") as File;
    expect(file.name).toBe("headimg.jpg");
    expect(file.type).toBe("image/jpeg");
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(JPEG);
  });

  it("uploadheadimg refuses a PNG or a name without .jpg before the call", async () => {
    expect((await validationOf(uploadKfHeadImage(caller(createFakeFetch()), KF, PNG))).field).toBe("media");
    expect((await validationOf(uploadKfHeadImage(caller(createFakeFetch()), KF, JPEG, "head"))).message).toContain("jpg");
    expect((await validationOf(uploadKfHeadImage(caller(createFakeFetch()), KF, new Blob([PNG]), "head.jpg"))).field).toBe("media");
  });

  it.each(["kf2001", "@gh_test", "kf_account_too_long@gh", "kf-01@gh", `kf@${"a".repeat(31)}`, "kf@gh id"])(
    "refuses the account %j before the call (65404)",
    async (account) => {
      expect((await validationOf(addKfAccount(caller(createFakeFetch()), account, "小王"))).message).toContain("65404");
    },
  );

  it("nickname: 1 to 16 characters (65403)", async () => {
    expect((await validationOf(addKfAccount(caller(createFakeFetch()), KF, "客".repeat(17)))).message).toContain("65403");
    expect((await validationOf(updateKfAccount(caller(createFakeFetch()), KF, " "))).field).toBe("nickname");
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: "/customservice/kfaccount/add", reply: ok });
    await addKfAccount(caller(fake), "a_1@gh-x", "客".repeat(16));
  });
});

describe("kf sessions", () => {
  it("create and close POST kf_account and openid", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: "/customservice/kfsession/create", reply: ok }).on({ method: "POST", path: "/customservice/kfsession/close", reply: ok });
    await createKfSession(caller(fake), KF, OID);
    await closeKfSession(caller(fake), KF, OID);
    expect(fake.calls.map((c) => c.body)).toEqual([{ kf_account: KF, openid: OID }, { kf_account: KF, openid: OID }]);
  });

  it("getKfSession: the serving account, or null when nobody serves the user", async () => {
    const fake = createFakeFetch();
    fake
      .on({ method: "GET", path: "/customservice/kfsession/getsession", query: { openid: OID }, reply: { json: { kf_account: KF, createtime: 1700000000 } } })
      .on({ method: "GET", path: "/customservice/kfsession/getsession", reply: { json: { kf_account: "", createtime: 0 } } });
    expect(await getKfSession(caller(fake), OID)).toEqual({ kfAccount: KF, createTime: 1700000000 });
    expect(await getKfSession(caller(fake), OID)).toBeNull();
  });

  it("getKfSessionList and getWaitCase map WeChat's lists", async () => {
    const fake = createFakeFetch();
    fake
      .on({ method: "GET", path: "/customservice/kfsession/getsessionlist", query: { kf_account: KF }, reply: { json: { sessionlist: [{ openid: OID, createtime: 5 }] } } })
      .on({ method: "GET", path: "/customservice/kfsession/getwaitcase", reply: { json: { count: 150, waitcaselist: [{ openid: OID, latest_time: 7 }] } } });
    expect(await getKfSessionList(caller(fake), KF)).toEqual([{ openid: OID, createTime: 5 }]);
    expect(await getWaitCase(caller(fake))).toEqual({ count: 150, waiting: [{ openid: OID, latestTime: 7 }] });
  });

  it("65415 (account offline) surfaces as WeChatApiError, not retried", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: "/customservice/kfsession/create", reply: { json: { errcode: 65415, errmsg: "custom service account is offline" } } });
    expect(await rejectionOf(createKfSession(caller(fake), KF, OID))).toMatchObject({ errcode: 65415 });
    expect(fake.calls).toHaveLength(1);
  });

  it("sessions check the account and the openid before the call", async () => {
    expect((await validationOf(createKfSession(caller(createFakeFetch()), "nobody", OID))).field).toBe("kf_account");
    expect((await validationOf(closeKfSession(caller(createFakeFetch()), KF, "bad id"))).field).toBe("openid");
    expect((await validationOf(getKfSessionList(caller(createFakeFetch()), "x@"))).field).toBe("kf_account");
  });
});

describe("typing", () => {
  it("sends Typing and CancelTyping", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: "/cgi-bin/message/custom/typing", times: 2, reply: ok });
    await setTyping(caller(fake), OID, true);
    await setTyping(caller(fake), OID, false);
    expect(fake.calls.map((c) => c.body)).toEqual([{ touser: OID, command: "Typing" }, { touser: OID, command: "CancelTyping" }]);
  });

  it("45080 (no recent message from the user) surfaces as WeChatApiError", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: "/cgi-bin/message/custom/typing", reply: { json: { errcode: 45080, errmsg: "no recent interaction" } } });
    expect(await rejectionOf(setTyping(caller(fake), OID, true))).toMatchObject({ errcode: 45080 });
    expect((await validationOf(setTyping(caller(createFakeFetch()), "", true))).field).toBe("touser");
  });
});
