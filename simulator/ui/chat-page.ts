/**
 * The simulator's home page: a WeChat-like chat with the account as any
 * simulated user (messages and events are pushed to the app's webhook), the
 * replies and customer-service messages, and the API calls the app makes.
 */
import { escapeHtml } from "../core/http";
import type { Account } from "../core/account";
import type { SimulatorState } from "../core/state";
import { pushIdentity } from "../push/pusher";
import { avatarDataUri } from "./avatar";
import { CHAT_SCRIPT } from "./chat-script";
import { CHAT_CSS } from "./chat-styles";
import { NOTIFY_PANEL_HTML, NOTIFY_PANEL_SCRIPT } from "./notify-panel";
import { chatBottomHtml, MENU_BAR_CSS, MENU_BAR_SCRIPT, QR_PANEL_HTML } from "./menu-bar";
import { BASE_CSS } from "./styles";

/** JSON safe inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** The authorize URL the "授权页演示" link opens (callback: the simulator's own demo page). */
function consentDemoUrl(state: SimulatorState, account: Account): string {
  const redirect = encodeURIComponent(`${state.publicUrl}/__sim/oauth-demo/callback`);
  return `/connect/oauth2/authorize?appid=${encodeURIComponent(account.appId)}&redirect_uri=${redirect}&response_type=code&scope=snsapi_userinfo&state=demo#wechat_redirect`;
}

/**
 * Which account the page chats with (`/?appid=`, several accounts): a picker when there is more
 * than one. Every control call of the page's scripts goes through `__simPath`, which adds the
 * `appid` for any account but the default one.
 */
function accountPicker(state: SimulatorState, current: Account): string {
  const accounts = state.accounts();
  if (accounts.length < 2) return "";
  const options = accounts
    .map((a) => `<option value="${escapeHtml(a === state.primary ? "" : a.appId)}"${a === current ? " selected" : ""}>${escapeHtml(a.accountName)}</option>`)
    .join("");
  return `<label class="muted" for="account-select">公众号</label>
<select id="account-select" data-testid="account-select" onchange="location.search=this.value?'?appid='+encodeURIComponent(this.value):''">${options}</select>`;
}

const PATH_SCRIPT = `window.__simPath=function(p){var a=window.__SIM_BOOT__.appId;if(!a)return p;return p+(p.indexOf("?")<0?"?":"&")+"appid="+encodeURIComponent(a);};`;

/** What the page's scripts start from (window.__SIM_BOOT__). */
function bootOf(state: SimulatorState, account: Account) {
  return {
    /** null: the default account (control calls without `appid`). */
    appId: account === state.primary ? null : account.appId,
    accountName: account.accountName,
    accountAvatar: avatarDataUri(account.accountName, "#07C160"),
    // An account authorized to a third-party platform pushes sealed with the platform's key, never in plaintext.
    hasAesKey: Boolean(pushIdentity(state, account).encodingAESKey),
    defaultUser: state.defaultOpenid(account),
    users: account.users.all.map((u) => ({ openid: u.openid, nickname: u.nickname, subscribe: u.subscribe })),
  };
}

/** The chat page for the account `?appid=` names (the default account without one); null for an AppID the simulator does not serve. */
export function renderChatPage(state: SimulatorState, query: URLSearchParams = new URLSearchParams()): string | null {
  const account = state.controlAccount(query);
  if (!account) return null;
  const boot = bootOf(state, account);
  const options = account.users.all
    .map((u) => `<option value="${escapeHtml(u.openid)}"${u.openid === boot.defaultUser ? " selected" : ""}>${escapeHtml(u.nickname)}${u.subscribe ? "" : "（未关注）"}</option>`)
    .join("");
  const aes = boot.hasAesKey ? "" : " disabled";
  const plaintext = pushIdentity(state, account).viaPlatform ? " disabled" : "";
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>微信公众号模拟器 · ${escapeHtml(account.accountName)}</title><style>${BASE_CSS}${CHAT_CSS}${MENU_BAR_CSS}</style></head><body>
<header class="top">
<h1 data-testid="account-title">${escapeHtml(account.accountName)}</h1>
${accountPicker(state, account)}
<label class="muted" for="mode-select">消息加解密</label>
<select id="mode-select" data-testid="mode-select">
<option value="plaintext"${plaintext}${boot.hasAesKey ? "" : " selected"}>明文模式</option>
<option value="compatible"${aes}>兼容模式</option>
<option value="safe"${aes}${boot.hasAesKey ? " selected" : ""}>安全模式</option>
</select>
</header>
<div class="layout">
<aside class="side panel">
<div class="users">
<img class="avatar" id="current-avatar" alt="" src="/__sim/avatar/${escapeHtml(boot.defaultUser)}.svg">
<select id="user-select" data-testid="user-select" aria-label="选择模拟用户">${options}</select>
</div>
<div class="user-meta" style="padding:0 12px 10px" id="current-user" data-testid="current-user"></div>
</aside>
<main class="chat">
<div class="messages" id="messages" data-testid="chat-messages" aria-live="polite"></div>
<div class="status" id="push-status" data-testid="push-status"></div>
${chatBottomHtml(`<form class="composer" id="composer" autocomplete="off">
<button type="button" class="switch" id="to-menu" data-testid="to-menu" aria-label="切换到公众号菜单">☰</button>
<input id="message-input" data-testid="message-input" placeholder="以所选用户身份发消息" aria-label="消息内容" maxlength="2000">
<button type="submit" class="btn btn-primary btn-small" id="send-button" data-testid="send-button">发送</button>
</form>`)}
${QR_PANEL_HTML}
<div class="events">
<button type="button" class="btn btn-default btn-small" id="event-subscribe" data-testid="event-subscribe">关注</button>
<button type="button" class="btn btn-default btn-small" id="event-unsubscribe" data-testid="event-unsubscribe">取消关注</button>
<input id="click-key-input" data-testid="click-key-input" placeholder="菜单 EventKey" value="MENU_KEY">
<button type="button" class="btn btn-default btn-small" id="event-click" data-testid="event-click">菜单点击</button>
<input id="scan-scene-input" data-testid="scan-scene-input" placeholder="二维码场景值" value="1">
<button type="button" class="btn btn-default btn-small" id="event-scan" data-testid="event-scan">扫码</button>
</div>
${NOTIFY_PANEL_HTML}
</main>
<aside class="api panel">
<h2>公众号调用的接口</h2>
<div class="tools">
<button type="button" class="btn btn-default btn-small" id="verify-url-button" data-testid="verify-url-button">校验服务器地址</button>
<button type="button" class="btn btn-default btn-small" id="expire-tokens-button" data-testid="expire-tokens-button">令牌全部过期</button>
<a class="btn btn-default btn-small" id="consent-demo-link" data-testid="consent-demo-link" href="${escapeHtml(consentDemoUrl(state, account))}" target="_blank" rel="noopener">授权页演示</a>
</div>
<p class="muted" style="margin:0 0 8px">获取令牌的调用（token / stable_token / getticket）以黄色标出。</p>
<ol class="log" id="api-log" data-testid="api-log"></ol>
</aside>
</div>
<script>window.__SIM_BOOT__=${scriptJson(boot)};${PATH_SCRIPT}</script>
<script>${CHAT_SCRIPT}
${NOTIFY_PANEL_SCRIPT}
${MENU_BAR_SCRIPT}</script>
</body></html>`;
}
