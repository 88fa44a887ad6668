/**
 * The codes the account issued, and a user scanning one: WeChat pushes SCAN to a follower and
 * subscribe with `qrscene_<scene>` to anyone else, who then follows with that scene.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Account_Management/Generating_a_Parametric_QR_Code.html
 */
import { controlObject, unknownAccount } from "../../core/control-input";
import type { JsonResult, Route, RouteContext } from "../../core/router";
import { pushMessage } from "../../push/pusher";
import type { PushMode } from "../../push/pusher-types";
import { qrcodeState } from "./state";

/** `{ ticket, openid?, mode? }` → the push WeChat makes when that user scans the code. */
async function scan(ctx: RouteContext): Promise<JsonResult> {
  const { state } = ctx;
  const account = state.controlAccount(ctx.query);
  if (!account) return unknownAccount(ctx);
  const input = ((await controlObject(ctx)) ?? {}) as { ticket?: string; openid?: string; mode?: PushMode };
  const code = account.state(qrcodeState).valid(String(input.ticket ?? ""));
  if (!code) return { json: { error: "unknown or expired ticket" }, status: 404 };
  const openid = input.openid || state.defaultOpenid(account);
  const user = account.users.get(openid);
  if (!user) return { json: { error: "unknown openid" }, status: 404 };
  code.scans++;
  const mode = input.mode && ["plaintext", "compatible", "safe"].includes(input.mode) ? { mode: input.mode } : {};
  if (user.subscribe === 1) {
    return { json: await pushMessage(state, { openid, ...mode, message: { type: "SCAN", scene: code.scene, ticket: code.ticket, from: openid } }, account) };
  }
  // Following by scanning: the user becomes a follower with this scene.
  user.subscribe = 1;
  user.subscribeTime = Math.floor(account.now() / 1000);
  user.subscribeScene = "ADD_SCENE_QR_CODE";
  if (/^\d+$/.test(code.scene) && code.actionName.endsWith("_SCENE") && !code.actionName.includes("STR")) user.qrScene = Number(code.scene);
  else user.qrSceneStr = code.scene;
  return { json: await pushMessage(state, { openid, ...mode, message: { type: "subscribe", qrScene: code.scene, ticket: code.ticket, from: openid } }, account) };
}

function list(ctx: RouteContext): JsonResult {
  const account = ctx.state.controlAccount(ctx.query);
  if (!account) return unknownAccount(ctx);
  const codes = account.state(qrcodeState).codes.values();
  const items = [...codes].map(({ ticket, scene, permanent, expiresAt, scans }) => ({ ticket, scene, permanent, expiresAt, scans }));
  return { json: { items } };
}

export const qrcodeControlRoutes: Route[] = [
  { method: "GET", path: "/__sim/qrcodes", handler: list },
  { method: "POST", path: "/__sim/qrcodes/scan", handler: scan },
];
