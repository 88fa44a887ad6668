/**
 * Customer-service sessions (会话控制) and the typing indicator: put a user
 * in a session with an account, close it, see who serves whom and who waits.
 * WeChat pushes kf_create_session / kf_close_session / kf_switch_session as they change.
 */
import type { WeChatApiCaller } from "../api-client";
import { checkOpenid } from "./tags-validation";
import { checkKfAccount } from "./kf-validation";

export interface KfSession {
  kfAccount: string;
  /** Seconds since the epoch. */
  createTime: number;
}

export interface WaitingUser {
  openid: string;
  /** Last message from the user, seconds since the epoch. */
  latestTime: number;
}

/**
 * Opens a session between an account and a user (65415 if the account is offline,
 * 65414 if another account serves the user).
 * @see https://developers.weixin.qq.com/doc/offiaccount/Customer_Service/Session_control.html
 */
export async function createKfSession(client: WeChatApiCaller, kfAccount: string, openid: string): Promise<void> {
  checkKfAccount(kfAccount);
  checkOpenid(openid);
  await client.call({ method: "POST", path: "/customservice/kfsession/create", body: { kf_account: kfAccount, openid } });
}

/**
 * Closes a session (65416-style refusals and 65413 "no session" surface as errors).
 * @see https://developers.weixin.qq.com/doc/offiaccount/Customer_Service/Session_control.html
 */
export async function closeKfSession(client: WeChatApiCaller, kfAccount: string, openid: string): Promise<void> {
  checkKfAccount(kfAccount);
  checkOpenid(openid);
  await client.call({ method: "POST", path: "/customservice/kfsession/close", body: { kf_account: kfAccount, openid } });
}

/**
 * Who serves a user now; null when nobody does (WeChat answers an empty kf_account).
 * @see https://developers.weixin.qq.com/doc/offiaccount/Customer_Service/Session_control.html
 */
export async function getKfSession(client: WeChatApiCaller, openid: string): Promise<KfSession | null> {
  checkOpenid(openid);
  const res = await client.call<{ kf_account?: string; createtime?: number }>({
    path: "/customservice/kfsession/getsession",
    query: { openid },
  });
  return res.kf_account ? { kfAccount: res.kf_account, createTime: res.createtime ?? 0 } : null;
}

/**
 * The users an account serves now.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Customer_Service/Session_control.html
 */
export async function getKfSessionList(
  client: WeChatApiCaller,
  kfAccount: string,
): Promise<Array<{ openid: string; createTime: number }>> {
  checkKfAccount(kfAccount);
  const res = await client.call<{ sessionlist?: Array<{ openid: string; createtime: number }> }>({
    path: "/customservice/kfsession/getsessionlist",
    query: { kf_account: kfAccount },
  });
  return (res.sessionlist ?? []).map((s) => ({ openid: s.openid, createTime: s.createtime }));
}

/**
 * Users waiting for an account (WeChat lists the earliest 100), and how many wait in all.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Customer_Service/Session_control.html
 */
export async function getWaitCase(client: WeChatApiCaller): Promise<{ count: number; waiting: WaitingUser[] }> {
  const res = await client.call<{ count?: number; waitcaselist?: Array<{ openid: string; latest_time: number }> }>({
    path: "/customservice/kfsession/getwaitcase",
  });
  const waiting = (res.waitcaselist ?? []).map((w) => ({ openid: w.openid, latestTime: w.latest_time }));
  return { count: typeof res.count === "number" ? res.count : waiting.length, waiting };
}

/**
 * Shows (or stops showing) "正在输入" to a user. WeChat allows it only while
 * answering a message the user sent, once per reply, for at most 15 s
 * (45080 outside the window, 45081 when already typing).
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Service_Center_messages.html
 */
export async function setTyping(client: WeChatApiCaller, openid: string, typing: boolean): Promise<void> {
  checkOpenid(openid, "touser");
  await client.call({
    method: "POST",
    path: "/cgi-bin/message/custom/typing",
    body: { touser: openid, command: typing ? "Typing" : "CancelTyping" },
  });
}
