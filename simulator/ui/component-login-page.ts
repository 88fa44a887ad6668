/**
 * The authorization page (授权页) an account's administrator sees when a third-party platform
 * sends them to componentloginpage (PC) or bindcomponent (inside WeChat): the platform, which
 * 公众号 to authorize, the permission sets it receives, 授权. On WeChat the administrator scans a
 * QR code and confirms on the phone; the simulator shows the confirmation directly, with a picker
 * of the simulated 公众号 standing in for "the accounts this WeChat user administers".
 */
import { escapeHtml } from "../core/http";
import { avatarDataUri } from "./avatar";
import { BASE_CSS } from "./styles";

export interface LoginPageAccount {
  appId: string;
  name: string;
  originalId: string;
  /** Already authorized to this platform (授权更新). */
  authorized: boolean;
}

export interface LoginPageInput {
  platformName: string;
  componentAppId: string;
  preAuthCode: string;
  redirectUri: string;
  accounts: LoginPageAccount[];
  /** Permission sets offered: id and name. */
  permissions: Array<{ id: number; name: string }>;
  mobile: boolean;
  /** The form's target. */
  action: string;
}

function accountOption(account: LoginPageAccount, index: number): string {
  const id = `account-${index}`;
  return `<label class="opt" for="${id}" data-testid="component-account" data-appid="${escapeHtml(account.appId)}">
<input type="radio" name="authorizer_appid" id="${id}" value="${escapeHtml(account.appId)}"${index === 0 ? " checked" : ""} required>
<img class="avatar" src="${avatarDataUri(account.name, "#07C160")}" width="40" height="40" alt="">
<span class="who"><span class="name">${escapeHtml(account.name)}</span><span class="muted">${escapeHtml(account.originalId)} · 服务号${account.authorized ? " · 已授权，确认后更新授权" : ""}</span></span></label>`;
}

function permissionOption(permission: { id: number; name: string }): string {
  const id = `func-${permission.id}`;
  return `<li><label for="${id}"><input type="checkbox" name="func" id="${id}" value="${permission.id}" checked> ${escapeHtml(permission.name)}</label></li>`;
}

export function renderComponentLoginPage(input: LoginPageInput): string {
  const accounts = input.accounts.length
    ? input.accounts.map(accountOption).join("\n")
    : `<p class="empty" data-testid="component-no-account">没有可授权的公众号</p>`;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>公众号授权 - 微信公众平台</title><style>${BASE_CSS}
body{background:${input.mobile ? "#fff" : "#F6F8F9"}}
header.bar{background:#fff;border-bottom:1px solid #E7E7EB;padding:14px 24px;display:flex;align-items:center;gap:10px;font-size:15px}
header.bar svg{width:28px;height:28px}
.card{max-width:560px;margin:${input.mobile ? "0" : "40px"} auto;background:#fff;border-radius:${input.mobile ? "0" : "4px"};padding:32px ${input.mobile ? "20px" : "40px"};${input.mobile ? "" : "box-shadow:0 1px 2px rgba(0,0,0,.06);"}}
h1{font-size:20px;font-weight:500;margin:0 0 6px;text-align:center}
.lead{text-align:center;margin:0 0 24px}
fieldset{border:0;margin:0 0 20px;padding:0}
legend{font-size:14px;color:rgba(0,0,0,.5);margin-bottom:8px;padding:0}
.opt{display:flex;align-items:center;gap:12px;padding:10px 12px;border:1px solid #E7E7EB;border-radius:4px;margin-bottom:8px}
.opt input{accent-color:#07C160;width:18px;height:18px;margin:0}
.who{display:flex;flex-direction:column}
.name{font-size:16px}
ul.perms{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:${input.mobile ? "1fr" : "1fr 1fr"};gap:6px 16px;font-size:15px}
ul.perms input{accent-color:#07C160}
.note{font-size:13px;color:rgba(0,0,0,.5);margin:16px 0 24px}
.empty{padding:16px;text-align:center;color:rgba(0,0,0,.5);background:#F7F7F7;border-radius:4px}
.btn:focus-visible,input:focus-visible{outline:2px solid #07C160;outline-offset:2px}
</style></head><body>
<header class="bar"><svg viewBox="0 0 28 28" aria-hidden="true"><circle cx="14" cy="14" r="14" fill="#07C160"/><ellipse cx="11.5" cy="12.5" rx="6.5" ry="5.5" fill="#fff"/><ellipse cx="17" cy="16.5" rx="5.5" ry="4.5" fill="#fff" stroke="#07C160" stroke-width="1"/></svg><span>微信公众平台 · 第三方平台授权</span></header>
<main class="card" data-testid="component-login-page">
<form method="post" action="${escapeHtml(input.action)}">
<input type="hidden" name="component_appid" value="${escapeHtml(input.componentAppId)}">
<input type="hidden" name="pre_auth_code" value="${escapeHtml(input.preAuthCode)}">
<input type="hidden" name="redirect_uri" value="${escapeHtml(input.redirectUri)}">
<h1>公众号授权</h1>
<p class="lead">授权给第三方平台 <strong data-testid="component-platform-name">${escapeHtml(input.platformName)}</strong></p>
<fieldset data-testid="component-accounts"><legend>模拟器：选择要授权的公众号（微信中为管理员扫码后选择）</legend>
${accounts}
</fieldset>
<fieldset><legend>授权后，该第三方平台将获得以下权限：</legend>
<ul class="perms" data-testid="component-permissions">${input.permissions.map(permissionOption).join("")}</ul>
</fieldset>
<p class="note">授权后，第三方平台可代公众号调用已授权的接口；你可随时在公众平台「设置与开发 - 授权管理」中取消授权。</p>
<button type="submit" class="btn btn-primary" data-testid="component-authorize"${input.accounts.length ? "" : " disabled"}>授权</button>
</form>
</main></body></html>`;
}
