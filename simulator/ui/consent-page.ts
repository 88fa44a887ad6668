/**
 * The snsapi_userinfo consent screen, modelled on WeChat's: account header,
 * the permission asked for, 允许 / 拒绝, plus a simulator-only picker of
 * which WeChat user is signing in (or a "snapshot page" virtual user).
 */
import { escapeHtml } from "../core/http";
import { avatarDataUri } from "./avatar";
import { BASE_CSS } from "./styles";

export interface ConsentUser {
  openid: string;
  nickname: string;
  color: string;
  subscribe: 0 | 1;
}

export interface ConsentPageInput {
  accountName: string;
  pendingId: string;
  users: ConsentUser[];
  selected: string;
}

/** The radio value that signs in as the snapshot-page virtual user. */
export const SNAPSHOT_CHOICE = "__snapshot__";

function userOption(user: ConsentUser, checked: boolean, index: number): string {
  const status = user.subscribe ? "已关注" : "未关注";
  return `<label class="opt" data-testid="user-option" data-openid="${escapeHtml(user.openid)}">
<input type="radio" name="openid" id="user-option-${index}" value="${escapeHtml(user.openid)}"${checked ? " checked" : ""}>
<img class="avatar" src="${avatarDataUri(user.nickname, user.color)}" width="36" height="36" alt="">
<span class="name">${escapeHtml(user.nickname)}</span><span class="muted">${status}</span></label>`;
}

export function renderConsentPage(input: ConsentPageInput): string {
  const options = input.users.map((u, i) => userOption(u, u.openid === input.selected, i)).join("\n");
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>微信授权登录</title><style>${BASE_CSS}
body{background:#fff}
.wrap{max-width:480px;margin:0 auto;padding:40px 24px 32px;min-height:100vh;display:flex;flex-direction:column}
.acct{display:flex;flex-direction:column;align-items:center;gap:12px;margin-bottom:32px}
.acct .avatar{width:64px;height:64px}
.acct-name{font-size:17px;font-weight:600}
.ask{border-top:1px solid rgba(0,0,0,.1);padding-top:20px}
.ask h1{font-size:16px;font-weight:400;color:#595959;margin:0 0 10px}
.perm{display:flex;gap:8px;align-items:center;font-size:17px}
.perm::before{content:"";width:6px;height:6px;border-radius:3px;background:#B2B2B2}
.picker{margin:28px 0 16px;padding:12px;border-radius:8px;background:#F7F7F7}
.picker h2{font-size:13px;font-weight:500;color:#595959;margin:0 0 8px}
.opt{display:flex;align-items:center;gap:10px;padding:8px 4px;border-bottom:1px solid rgba(0,0,0,.05)}
.opt:last-child{border-bottom:0}
.opt .name{flex:1}
.opt input{accent-color:#067D43;width:18px;height:18px;margin:0}
.actions{margin-top:auto;display:flex;flex-direction:column;gap:12px;padding-top:24px}
</style></head><body>
<main class="wrap" data-testid="consent-page">
<form method="post" action="/connect/oauth2/authorize/confirm" id="consent-form" style="display:contents">
<input type="hidden" name="pending" value="${escapeHtml(input.pendingId)}">
<section class="acct">
<img class="avatar" src="${avatarDataUri(input.accountName, "#07C160")}" alt="" data-testid="account-avatar">
<div class="acct-name" data-testid="account-name">${escapeHtml(input.accountName)}</div>
</section>
<section class="ask">
<h1>申请获取以下权限：</h1>
<div class="perm" data-testid="consent-permission">获得你的公开信息（昵称、头像等）</div>
</section>
<section class="picker" data-testid="user-picker">
<h2>模拟器：选择登录的微信用户</h2>
${options}
<label class="opt" data-testid="snapshot-option">
<input type="radio" name="openid" id="snapshot-option" value="${SNAPSHOT_CHOICE}">
<span class="name">快照页模式（虚拟用户，is_snapshotuser=1）</span></label>
</section>
<div class="actions">
<button type="submit" class="btn btn-primary" id="allow-button" data-testid="consent-allow" name="decision" value="allow">允许</button>
<button type="submit" class="btn btn-default" id="deny-button" data-testid="consent-deny" name="decision" value="deny">拒绝</button>
</div>
</form>
</main></body></html>`;
}
