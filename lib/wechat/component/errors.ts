/**
 * The third-party platform's two expected failures, typed so the app can tell its people what
 * to do: the platform has no usable component_verify_ticket yet (a fresh deployment, or pushes
 * that stopped arriving), and an account that must authorize the platform (again).
 *
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/component_verify_ticket.html
 */
import { WeChatError } from "../errors";

/** missing: none received yet; expired: the last is older than 12 hours; rejected: WeChat answered 61005/61006. */
export type TicketProblem = "missing" | "expired" | "rejected";

const TICKET_ADVICE: Record<TicketProblem, string> = {
  missing:
    "no component_verify_ticket received yet: WeChat pushes one every 10 minutes to the platform's 授权事件接收URL " +
    "once that URL is set on the open platform and the platform has passed review; retry in a few minutes " +
    "(api_start_push_ticket asks WeChat to start the pushes)",
  expired:
    "the last component_verify_ticket is more than 12 hours old: pushes to the 授权事件接收URL stopped arriving " +
    '(it must answer "success" within 5 s over the URL registered on the open platform); retry once the next one arrives',
  rejected:
    "WeChat refused the stored component_verify_ticket (61005 expired / 61006 invalid); " +
    "retry once the next push arrives (every 10 minutes)",
};

/** The platform cannot get a component_access_token until a (fresh) ticket arrives. */
export class ComponentTicketMissingError extends WeChatError {
  // Each name is spelled out: production bundles minify class names, and logs must stay readable.
  override readonly name = "ComponentTicketMissingError";
  readonly code = "WECHAT_COMPONENT_TICKET_MISSING" as const;
  static override readonly brand = "WECHAT_COMPONENT_TICKET_MISSING" as const;
  constructor(
    readonly componentAppId: string,
    readonly problem: TicketProblem,
    options?: { cause?: unknown },
  ) {
    super(`${TICKET_ADVICE[problem]} (component_appid ${componentAppId})`, options);
  }
}

/**
 * unauthorized: the account withdrew its authorization; refresh_token_missing: no refresh
 * token stored nor recoverable with api_get_authorizer_list; refresh_token_invalid: WeChat
 * refused the stored one (61023) and none newer could be recovered.
 */
export type AuthorizationProblem = "unauthorized" | "refresh_token_missing" | "refresh_token_invalid";

/** The account must authorize the platform again before anything can be done for it. */
export class AuthorizationRequiredError extends WeChatError {
  override readonly name = "AuthorizationRequiredError";
  readonly code = "WECHAT_AUTHORIZATION_REQUIRED" as const;
  static override readonly brand = "WECHAT_AUTHORIZATION_REQUIRED" as const;
  constructor(
    readonly authorizerAppId: string,
    readonly problem: AuthorizationProblem,
    options?: { cause?: unknown },
  ) {
    super(`account ${authorizerAppId} must authorize the third-party platform again (${problem})`, options);
  }
}

/**
 * A failure as a log line without secrets: lib/wechat's own errors carry none (their messages
 * are made to be shown), anything else (a database error may quote the ticket or token it was
 * writing) by its name only.
 */
export function describeFailure(error: unknown): string {
  if (error instanceof WeChatError) return `${error.name}: ${error.message}`;
  return error instanceof Error ? error.name : "unknown error";
}
