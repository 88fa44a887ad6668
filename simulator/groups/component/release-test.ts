/**
 * The 全网发布 (release) check WeChat runs before a third-party platform goes live: its fixed
 * test 公众号 (wx570bc396a51b8ff8, gh_3c884a361561) authorizes the platform, and a fan of it
 * sends, through the platform's message URL (sealed with the platform's key):
 *  1. an event — the platform must answer the text `<Event>from_callback`;
 *  2. the text `TESTCOMPONENT_MSG_TYPE_TEXT` — answer `TESTCOMPONENT_MSG_TYPE_TEXT_callback`;
 *  3. the text `QUERY_AUTH_CODE:$query_auth_code$` — answer empty (or `success`) at once, then
 *     exchange the code with api_query_auth and send the fan, through the customer-service
 *     API with the test account's authorizer_access_token, the text `$query_auth_code$_from_api`.
 *
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/operation/thirdparty/releases_instructions.html
 */
import { randomToken } from "../../core/credentials";
import type { Account } from "../../core/account";
import type { SimulatorState } from "../../core/state";
import { pushMessage } from "../../push/pusher";
import type { PushMessageInput } from "../../push/messages";
import type { PushResult } from "../../push/pusher-types";
import { OFFICIAL_ACCOUNT_FUNC_INFO } from "./config";
import type { ComponentState } from "./state";

/** WeChat's fixed test 公众号 and the fan its test messages come from. */
export const RELEASE_TEST_ACCOUNT = { appId: "wx570bc396a51b8ff8", originalId: "gh_3c884a361561", openid: "ozy4qt5QUADNXORxCVipKMV9dss0" } as const;
export const RELEASE_TEST_TEXT = "TESTCOMPONENT_MSG_TYPE_TEXT";

export interface ReleaseCase {
  name: "event" | "text" | "query_auth_code";
  passed: boolean;
  /** What was expected and what came back (never a token). */
  detail: string;
}

export interface ReleaseReport {
  passed: boolean;
  cases: ReleaseCase[];
}

/** The test account, served (and its fan following it) from the first run on. */
function testAccount(state: SimulatorState): Account {
  const account =
    state.account(RELEASE_TEST_ACCOUNT.appId) ??
    state.addAccount({
      appId: RELEASE_TEST_ACCOUNT.appId,
      appSecret: randomToken(32), // WeChat never gives it out: the platform acts with authorizer tokens only
      token: randomToken(16),
      accountName: "全网发布专用测试公众号",
      originalId: RELEASE_TEST_ACCOUNT.originalId,
      followers: 0,
    });
  const fan = account.users.ensure(RELEASE_TEST_ACCOUNT.openid, "测试粉丝");
  fan.subscribe = 1;
  return account;
}

const replyText = (result: PushResult): string | undefined => (result.reply?.kind === "text" ? result.reply.content : undefined);

function describeReply(result: PushResult): string {
  if (!result.delivered) return `not delivered (${result.attempts.map((a) => a.error ?? a.status).join(", ")})`;
  if (result.replyErrors.length) return `reply refused: ${result.replyErrors.join("; ")}`;
  return result.reply ? `replied ${result.reply.kind}${replyText(result) !== undefined ? ` "${replyText(result)}"` : ""}` : "replied empty";
}

async function expectTextReply(state: SimulatorState, account: Account, name: ReleaseCase["name"], message: PushMessageInput, expected: string): Promise<ReleaseCase> {
  const result = await pushMessage(state, { mode: "safe", message }, account);
  const passed = result.delivered && result.replyErrors.length === 0 && replyText(result) === expected;
  return { name, passed, detail: `expected the text "${expected}", ${describeReply(result)}` };
}

async function queryAuthCodeCase(state: SimulatorState, component: ComponentState, account: Account, waitMs: number): Promise<ReleaseCase> {
  const code = component.issueAuthCode(account.appId);
  const expected = `${code}_from_api`;
  const since = state.customMessages.length ? (state.customMessages[state.customMessages.length - 1]?.id ?? 0) : 0;
  const result = await pushMessage(state, { mode: "safe", message: { type: "text", content: `QUERY_AUTH_CODE:${code}`, from: RELEASE_TEST_ACCOUNT.openid } }, account);
  if (!result.delivered || result.replyErrors.length || result.reply) {
    return { name: "query_auth_code", passed: false, detail: `expected an empty reply, ${describeReply(result)}` };
  }
  const sent = (): boolean =>
    state.customMessages.some((m) => m.id > since && m.touser === RELEASE_TEST_ACCOUNT.openid && m.msgtype === "text" && (m.body.text as { content?: unknown } | undefined)?.content === expected);
  const until = Date.now() + waitMs;
  while (!sent() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
  return sent()
    ? { name: "query_auth_code", passed: true, detail: `replied empty, then sent "${expected}" through message/custom/send` }
    : { name: "query_auth_code", passed: false, detail: `replied empty, but no customer-service text "<code>_from_api" to the test fan within ${waitMs} ms` };
}

/** Runs the three cases against the platform's message URL for the test account. */
export async function runReleaseTests(state: SimulatorState, component: ComponentState, waitMs = 5000): Promise<ReleaseReport> {
  const account = testAccount(state);
  if (!component.authorization(account.appId)) component.authorize(account, [...OFFICIAL_ACCOUNT_FUNC_INFO]);
  const from = RELEASE_TEST_ACCOUNT.openid;
  const cases = [
    await expectTextReply(state, account, "event", { type: "LOCATION", latitude: 23.137466, longitude: 113.352425, precision: 119.385040, from }, "LOCATIONfrom_callback"),
    await expectTextReply(state, account, "text", { type: "text", content: RELEASE_TEST_TEXT, from }, `${RELEASE_TEST_TEXT}_callback`),
    await queryAuthCodeCase(state, component, account, waitMs),
  ];
  return { passed: cases.every((c) => c.passed), cases };
}
