/** The page WeChat shows for a bad authorize request (e.g. a redirect_uri outside the callback domains). */
import { escapeHtml } from "../core/http";
import { BASE_CSS } from "./styles";

export function renderErrorPage(message: string, errcode?: number): string {
  const code = errcode === undefined ? "" : `<p class="muted" data-testid="oauth-error-code">错误码：${errcode}</p>`;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>微信网页授权</title><style>${BASE_CSS}
.err{max-width:480px;margin:0 auto;padding:72px 24px;text-align:center}
.icon{width:72px;height:72px;margin:0 auto 24px}
h1{font-size:20px;font-weight:500;margin:0 0 12px}
</style></head><body>
<main class="err" data-testid="oauth-error" data-errcode="${errcode ?? ""}">
<svg class="icon" viewBox="0 0 72 72" aria-hidden="true"><circle cx="36" cy="36" r="36" fill="#FA9D3B"/>
<rect x="33" y="16" width="6" height="28" rx="3" fill="#fff"/><circle cx="36" cy="54" r="4" fill="#fff"/></svg>
<h1 data-testid="oauth-error-message">${escapeHtml(message)}</h1>${code}
</main></body></html>`;
}
