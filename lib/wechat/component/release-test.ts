/**
 * The 全网发布 (release to all accounts) test cases, as a middleware for the message chain: before
 * a platform may be released, WeChat pushes to its fixed test accounts and checks the answers.
 *
 * - text `TESTCOMPONENT_MSG_TYPE_TEXT` → a passive reply `TESTCOMPONENT_MSG_TYPE_TEXT_callback`;
 * - an event → a passive reply `<Event>from_callback`;
 * - text `QUERY_AUTH_CODE:$code` → `success` at once; then, as late work (`ctx.waitUntil`),
 *   api_query_auth with that code and a customer-service text `$code_from_api` to the sender
 *   through the authorized test account's token.
 *
 * Pushes for any other account pass straight on to the rest of the chain.
 *
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/operation/thirdparty/releases_instructions.html
 */
import { sendTextMessage } from "../api/custom-message";
import type { WeChatClient } from "../client";
import { text } from "../reply";
import { silentLogger, type Logger } from "../types";
import { textField } from "../xml";
import { messageMiddleware, type MessageMiddleware } from "../webhook/middleware";
import type { MessageContext } from "../webhook/types";
import { describeFailure } from "./errors";
import type { AuthorizationOutcome } from "./platform";

/** WeChat's dedicated test accounts (five groups, picked at random for each run). */
export const RELEASE_TEST_ACCOUNTS: ReadonlyArray<{ kind: "公众号" | "小程序"; appId: string; userName: string }> = [
  { kind: "公众号", appId: "wx570bc396a51b8ff8", userName: "gh_3c884a361561" },
  { kind: "公众号", appId: "wx9252c5e0bb1836fc", userName: "gh_c0f28a78b318" },
  { kind: "公众号", appId: "wx8e1097c5bc82cde9", userName: "gh_3f222ed8d140" },
  { kind: "公众号", appId: "wx14550af28c71a144", userName: "gh_26128078e9ab" },
  { kind: "公众号", appId: "wxa35b9c23cfe664eb", userName: "gh_2b3713f184a6" },
  { kind: "小程序", appId: "wxd101a85aa106f53e", userName: "gh_8dad206e9538" },
  { kind: "小程序", appId: "wxc39235c15087f6f3", userName: "gh_905ae9d01059" },
  { kind: "小程序", appId: "wx7720d01d4b2a4500", userName: "gh_393666f1fdf4" },
  { kind: "小程序", appId: "wx05d483572dcd5d8b", userName: "gh_39abb5d4e1b7" },
  { kind: "小程序", appId: "wx5910277cae6fd970", userName: "gh_7818dcb60240" },
];

const TEST_APP_IDS = new Set(RELEASE_TEST_ACCOUNTS.map((a) => a.appId));
const TEST_USER_NAMES = new Set(RELEASE_TEST_ACCOUNTS.map((a) => a.userName));
export const RELEASE_TEST_TEXT = "TESTCOMPONENT_MSG_TYPE_TEXT";
export const QUERY_AUTH_CODE_PREFIX = "QUERY_AUTH_CODE:";

/** What the test needs of the platform (a ComponentPlatform has both). */
export interface ReleaseTestPlatform {
  completeAuthorization(authorizationCode: string): Promise<AuthorizationOutcome>;
  authorizerClient(authorizerAppId: string): WeChatClient;
}

const isTestAccount = (toUserName: string, ctx: MessageContext): boolean =>
  TEST_APP_IDS.has(ctx.account.appId) || TEST_USER_NAMES.has(toUserName);

/** The late half of QUERY_AUTH_CODE: the code exchanged, then the customer-service answer. */
async function answerThroughApi(platform: ReleaseTestPlatform, code: string, openid: string): Promise<void> {
  const { authorizerAppId } = await platform.completeAuthorization(code);
  await sendTextMessage(platform.authorizerClient(authorizerAppId), openid, `${code}_from_api`);
}

/** The release test cases; put it first in the chain, so no recorder counts the test pushes. */
export function releaseTestMiddleware(platform: ReleaseTestPlatform, options: { logger?: Logger } = {}): MessageMiddleware {
  const logger = options.logger ?? silentLogger;
  return messageMiddleware(["text", "event", "unknown"], (msg, ctx, next) => {
    if (!isTestAccount(msg.toUserName, ctx)) return next();
    if (msg.type === "text") {
      const content = msg.content.trim();
      if (content === RELEASE_TEST_TEXT) return text(`${RELEASE_TEST_TEXT}_callback`);
      if (!content.startsWith(QUERY_AUTH_CODE_PREFIX)) return next();
      const code = content.slice(QUERY_AUTH_CODE_PREFIX.length);
      const work = answerThroughApi(platform, code, msg.fromUserName).catch((error: unknown) =>
        logger.error("wechat platform: release test answer not sent", { reason: describeFailure(error) }),
      );
      if (ctx.waitUntil) ctx.waitUntil(work);
      return null; // WeChat wants an empty answer within 5 s, then the API message
    }
    // The event's name exactly as pushed (the typed union normalises some casings).
    const event = textField(msg.raw, "Event");
    return event ? text(`${event}from_callback`) : next();
  });
}
