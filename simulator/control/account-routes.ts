/**
 * The simulated 公众号 (`/__sim/accounts`): list them, and add one — the values a developer
 * would copy from 公众平台 into the app (AppID, AppSecret, Token, EncodingAESKey). Each has its
 * own users, tokens, menus, media… and, in direct mode, its own server URL. The list never
 * shows a secret, Token or key.
 */
import type { Account } from "../core/account";
import { bad, controlObject } from "../core/control-input";
import type { AccountInput } from "../core/options";
import type { JsonResult, Route, RouteContext } from "../core/router";
import type { SimulatorState } from "../core/state";
import { componentState } from "../groups/component/state";

function describe(state: SimulatorState, account: Account): Record<string, unknown> {
  const component = state.shared(componentState);
  const viaPlatform = component.authorization(account.appId) !== undefined;
  return {
    appId: account.appId,
    accountName: account.accountName,
    originalId: account.originalId,
    default: account === state.primary,
    hasEncodingAESKey: account.encodingAESKey !== undefined,
    followers: account.users.followers().length,
    authorizedTo: viaPlatform ? (component.config?.componentAppId ?? null) : null,
    pushUrl: (viaPlatform ? component.messageUrlFor(account.appId) : undefined) ?? state.webhookUrlFor(account),
  };
}

const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

async function add(ctx: RouteContext): Promise<JsonResult> {
  const input = await controlObject(ctx);
  if (!input) return bad("body must be a JSON object");
  const followers = input.followers;
  if (followers !== undefined && (!Number.isSafeInteger(followers) || (followers as number) < 0 || (followers as number) > 100_000)) return bad("followers must be an integer 0..100000");
  const account: AccountInput = {
    appId: text(input.appId) ?? "",
    appSecret: text(input.appSecret) ?? "",
    token: text(input.token) ?? "",
    encodingAESKey: text(input.encodingAESKey),
    accountName: text(input.accountName),
    originalId: text(input.originalId),
    followers: followers as number | undefined,
    webhookUrl: text(input.webhookUrl),
  };
  if (account.webhookUrl && !/^https?:\/\/[^/]/.test(account.webhookUrl)) return bad("webhookUrl must be an absolute http(s) URL");
  try {
    return { json: describe(ctx.state, ctx.state.addAccount(account)), status: 201 };
  } catch (error) {
    const message = (error as Error).message;
    return bad(message, message.endsWith("exists") ? 409 : 400);
  }
}

export const accountRoutes: Route[] = [
  { method: "GET", path: "/__sim/accounts", handler: (ctx) => ({ json: { accounts: ctx.state.accounts().map((a) => describe(ctx.state, a)) } }) },
  { method: "POST", path: "/__sim/accounts", handler: add },
];
