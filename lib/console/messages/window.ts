/**
 * A follower's customer-service window, worked out from their last interaction and the messages
 * sent since (docs/api-kf.md, WeChat's rules since 2023-06-12): a message from the follower
 * allows 5 customer-service messages within 48 hours; a menu tap, a follow or a QR scan allows 3
 * within 1 minute. Each new interaction grants a fresh allowance. Pure and client-safe: the
 * console shows "还可发 2 条，剩 40 秒" from it and ticks the seconds down itself.
 */

export type InteractionKind = "message" | "event";

export const WINDOW_RULES: Record<InteractionKind, { limit: number; ms: number }> = {
  message: { limit: 5, ms: 48 * 3600_000 },
  event: { limit: 3, ms: 60_000 },
};

/** What the app knows of one follower: their last interaction and what was sent since. */
export interface FollowerInteraction {
  openid: string;
  /** Epoch ms of the last interaction WeChat pushed. */
  at: number;
  kind: InteractionKind;
  /** Customer-service messages sent successfully since `at`. */
  sent: number;
}

export type ServiceWindow =
  | { state: "unknown" }
  | { state: "closed"; reason: "expired" | "used_up"; kind: InteractionKind; at: number }
  | { state: "open"; kind: InteractionKind; at: number; remaining: number; expiresAt: number };

export function serviceWindow(interaction: FollowerInteraction | null, now: number): ServiceWindow {
  if (!interaction) return { state: "unknown" };
  const rule = WINDOW_RULES[interaction.kind];
  const expiresAt = interaction.at + rule.ms;
  const base = { kind: interaction.kind, at: interaction.at };
  if (now >= expiresAt) return { state: "closed", reason: "expired", ...base };
  const remaining = Math.max(0, rule.limit - interaction.sent);
  if (remaining === 0) return { state: "closed", reason: "used_up", ...base };
  return { state: "open", ...base, remaining, expiresAt };
}

/** `40 秒`, `3 分 20 秒`, `47 小时 59 分`. */
function left(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  if (s < 60) return `${s} 秒`;
  if (s < 3600) return `${Math.floor(s / 60)} 分${s % 60 ? ` ${s % 60} 秒` : ""}`;
  return `${Math.floor(s / 3600)} 小时${Math.floor((s % 3600) / 60) ? ` ${Math.floor((s % 3600) / 60)} 分` : ""}`;
}

const CAUSE: Record<InteractionKind, string> = {
  message: "粉丝发消息后 48 小时内最多 5 条",
  event: "粉丝点菜单、关注或扫码后 1 分钟内最多 3 条",
};

/** The window in the operator's words, as of `now`. */
export function describeWindow(window: ServiceWindow, now: number): string {
  if (window.state === "unknown") return "还没有收到该粉丝的互动记录：粉丝发消息、点菜单、关注或扫码后才能发客服消息。";
  if (window.state === "open") {
    if (window.expiresAt <= now) return `互动窗口已过期（${CAUSE[window.kind]}），需等粉丝再次互动。`;
    return `还可发 ${window.remaining} 条，剩 ${left(window.expiresAt - now)}（${CAUSE[window.kind]}）。`;
  }
  if (window.reason === "used_up") return `本次互动的额度已用完（${CAUSE[window.kind]}），需等粉丝再次互动。`;
  return `互动窗口已过期（${CAUSE[window.kind]}），需等粉丝再次互动。`;
}
