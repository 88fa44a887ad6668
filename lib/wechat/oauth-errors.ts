import { WeChatApiError, WeChatConfigError } from "./errors";

/**
 * Which friendly page an OAuth failure deserves. Kept apart from the calls so
 * the callback route can branch on a small union instead of raw errcodes.
 *
 * @see https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html
 */

export type OAuthErrorKind =
  | "code_used"
  | "code_invalid"
  | "refresh_expired"
  | "scope"
  | "unauthorized"
  | "config"
  | "upstream";

const ERROR_KINDS: ReadonlyMap<number, OAuthErrorKind> = new Map<number, OAuthErrorKind>([
  [40163, "code_used"],
  [40029, "code_invalid"],
  [42003, "code_invalid"],
  [40030, "refresh_expired"],
  [42002, "refresh_expired"],
  [48001, "scope"],
  [50001, "unauthorized"],
  [40013, "config"],
  [40125, "config"],
  [40164, "config"],
  [40243, "config"],
]);

/** Maps a failure of the OAuth calls to what the callback page should tell the user. */
export function classifyOAuthError(err: unknown): OAuthErrorKind {
  if (err instanceof WeChatApiError) return ERROR_KINDS.get(err.errcode) ?? "upstream";
  if (err instanceof WeChatConfigError) return "config";
  return "upstream";
}
