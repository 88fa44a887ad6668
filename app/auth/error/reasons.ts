/**
 * What the sign-in error page says for each `reason` the OAuth callback redirects with.
 * Unknown reasons get the generic text: the query string is user-controlled.
 */

export interface AuthErrorText {
  title: string;
  detail: string;
}

export const AUTH_ERROR_REASONS = [
  "denied",
  "state",
  "code_used",
  "code_invalid",
  "snapshot",
  "config",
  "upstream",
  // Rarer outcomes of lib/wechat/oauth-errors.ts that the callback may also pass on.
  "unauthorized",
  "scope",
  "refresh_expired",
] as const;
export type AuthErrorReason = (typeof AUTH_ERROR_REASONS)[number];

const TEXTS: Record<AuthErrorReason | "unknown", AuthErrorText> = {
  denied: {
    title: "你拒绝了授权",
    detail: "没有你的授权，我们无法获取你的昵称和头像。如需继续使用，请重新登录并点击“允许”。",
  },
  state: {
    title: "登录链接已过期或无效",
    detail: "登录请求已失效（可能停留太久或链接不完整）。请重新发起登录。",
  },
  code_used: {
    title: "登录凭证已被使用",
    detail: "这次登录已经处理过了，可能是页面被重复打开或刷新。请重新登录。",
  },
  code_invalid: {
    title: "登录凭证已失效",
    detail: "登录凭证已过期或无效（有效期为 5 分钟）。请重新登录。",
  },
  snapshot: {
    title: "当前为快照页，无法登录",
    detail: "你正在朋友圈预览模式（快照页）中浏览。请点击页面底部的“使用完整服务”后再登录。",
  },
  config: {
    title: "公众号配置有误",
    detail: "公众号的登录配置有误，暂时无法登录。请联系管理员。",
  },
  upstream: {
    title: "微信服务暂时不可用",
    detail: "暂时无法连接微信服务器，请稍后再试。",
  },
  unauthorized: {
    title: "未获得授权",
    detail: "微信没有授予本页面获取你信息的权限。请重新登录并在授权页点击“允许”。",
  },
  scope: {
    title: "授权范围不足",
    detail: "当前授权无法获取昵称和头像。请重新登录并选择授权登录。",
  },
  refresh_expired: {
    title: "登录已过期",
    detail: "你的微信授权已过期（有效期 30 天）。请重新登录。",
  },
  unknown: {
    title: "登录失败",
    detail: "登录没有成功，请重新登录。",
  },
};

export function isAuthErrorReason(value: unknown): value is AuthErrorReason {
  return typeof value === "string" && (AUTH_ERROR_REASONS as readonly string[]).includes(value);
}

/** The reason to show: a known one, or "unknown" for anything else (missing, repeated, forged). */
export function normalizeReason(value: string | string[] | undefined): AuthErrorReason | "unknown" {
  return isAuthErrorReason(value) ? value : "unknown";
}

export function authErrorText(reason: AuthErrorReason | "unknown"): AuthErrorText {
  return TEXTS[reason];
}
