/**
 * Customer-service accounts (客服帐号管理): list them, see who is online,
 * add, rename, delete, and set the head image users see.
 * Accounts are `prefix@wechat_id` (the account's WeChat ID, set on the platform first).
 */
import type { WeChatApiCaller } from "../api-client";
import { checkKfAccount, checkKfHeadImage, checkKfNickname } from "./kf-validation";

/** An account as getkflist returns it (WeChat's field names). */
export interface KfAccount {
  kf_account: string;
  kf_nick: string;
  kf_id: string;
  kf_headimgurl: string;
  /** The WeChat user bound to the account, once an invitation was accepted. */
  kf_wx?: string;
  /** A pending invitation: who, until when (seconds), and its state ("waiting", "rejected", "expired"). */
  invite_wx?: string;
  invite_expire_time?: number;
  invite_status?: string;
}

export interface OnlineKfAccount {
  kf_account: string;
  /** 1: online on the web client. */
  status: number;
  kf_id: string;
  /** Sessions it is serving now. */
  accepted_case: number;
}

/**
 * Every customer-service account of the account.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Customer_Service/Customer_Service_Management.html
 */
export async function getKfList(client: WeChatApiCaller): Promise<KfAccount[]> {
  const res = await client.call<{ kf_list?: KfAccount[] }>({ path: "/cgi-bin/customservice/getkflist" });
  return Array.isArray(res.kf_list) ? res.kf_list : [];
}

/**
 * Accounts online now, with how many sessions each serves.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Customer_Service/Customer_Service_Management.html
 */
export async function getOnlineKfList(client: WeChatApiCaller): Promise<OnlineKfAccount[]> {
  const res = await client.call<{ kf_online_list?: OnlineKfAccount[] }>({ path: "/cgi-bin/customservice/getonlinekflist" });
  return Array.isArray(res.kf_online_list) ? res.kf_online_list : [];
}

/**
 * Adds an account (at most 100, 65405; an existing one is 65406).
 * @see https://developers.weixin.qq.com/doc/offiaccount/Customer_Service/Customer_Service_Management.html
 */
export async function addKfAccount(client: WeChatApiCaller, kfAccount: string, nickname: string): Promise<void> {
  checkKfAccount(kfAccount);
  checkKfNickname(nickname);
  await client.call({ method: "POST", path: "/customservice/kfaccount/add", body: { kf_account: kfAccount, nickname } });
}

/**
 * Renames an account.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Customer_Service/Customer_Service_Management.html
 */
export async function updateKfAccount(client: WeChatApiCaller, kfAccount: string, nickname: string): Promise<void> {
  checkKfAccount(kfAccount);
  checkKfNickname(nickname);
  await client.call({ method: "POST", path: "/customservice/kfaccount/update", body: { kf_account: kfAccount, nickname }, idempotent: true });
}

/**
 * Deletes an account (a GET with the account in the query, as WeChat documents it).
 * @see https://developers.weixin.qq.com/doc/offiaccount/Customer_Service/Customer_Service_Management.html
 */
export async function deleteKfAccount(client: WeChatApiCaller, kfAccount: string): Promise<void> {
  checkKfAccount(kfAccount);
  // Not repeated after a timeout: a second delete of a deleted account is an error, not a no-op.
  await client.call({ path: "/customservice/kfaccount/del", query: { kf_account: kfAccount }, idempotent: false });
}

/**
 * Sets the account's head image: a JPEG (640×640 recommended), sent as the
 * multipart field `media` with a file name that has its extension.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Customer_Service/Customer_Service_Management.html
 */
export async function uploadKfHeadImage(
  client: WeChatApiCaller,
  kfAccount: string,
  image: Uint8Array | Blob,
  filename = "headimg.jpg",
): Promise<void> {
  checkKfAccount(kfAccount);
  const blob = image instanceof Blob ? image : new Blob([new Uint8Array(image)], { type: "image/jpeg" });
  checkKfHeadImage(filename, new Uint8Array(await blob.slice(0, 3).arrayBuffer()));
  const form = new FormData();
  form.append("media", blob.type ? blob : new Blob([blob], { type: "image/jpeg" }), filename);
  await client.call({ path: "/customservice/kfaccount/uploadheadimg", query: { kf_account: kfAccount }, form, idempotent: true });
}
