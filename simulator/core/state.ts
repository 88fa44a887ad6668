/**
 * Everything the simulator remembers, usable in-process by tests (the same object the HTTP
 * routes use): its accounts by AppID, the run-time config, injected faults and the logs the UI
 * reads. Token and ticket values live in the accounts but are never logged nor returned by the
 * control API.
 */
import { createHash } from "node:crypto";
import type { ServerResponse } from "node:http";
import { Account, accountFromInput } from "./account";
import type { CredentialKind } from "./credentials";
import { FaultRegistry } from "./faults";
import { defaultConfig, type AccountInput, type SimConfig, type SimulatorOptions } from "./options";
import type { ApiLogEntry, ConversationEntry, CustomMessage, JsapiCallRecord } from "./records";
import { DEFAULT_FOLLOWER_COUNT } from "./users";
import { ApiUsage } from "./usage";
import type { PushResult } from "../push/pusher-types";

export type { AccountInput, SimConfig, SimulatorOptions } from "./options";


const LOG_LIMIT = 1000;

/** What an API group's `access_token` may be: the account's own tokens, or one a third-party platform got for it. */
const ACCOUNT_TOKEN_KINDS: CredentialKind[] = ["classic", "stable", "authorizer"];

/**
 * A group's state that belongs to the whole simulator, not to one account (WeChat Pay's merchants
 * are named by mchid, not by an access_token). Made on first use. On reset it is dropped, unless
 * the key has `reset`: then it clears itself and keeps what must outlive a reset (the merchant keys
 * the app has been given). `dispose` stops its timers when the simulator closes.
 */
export interface SharedStateKey<S> {
  readonly name: string;
  readonly create: (state: SimulatorState) => S;
  readonly reset?: (value: S) => void;
  readonly dispose?: (value: S) => void;
  /** `expireTokens`: its tokens and codes expire now too. */
  readonly expire?: (value: S) => void;
}

/** Declares a simulator-wide group state; routes read it with `ctx.state.shared(key)`. */
export function defineSharedState<S>(name: string, create: (state: SimulatorState) => S, hooks: Pick<SharedStateKey<S>, "reset" | "dispose" | "expire"> = {}): SharedStateKey<S> {
  return { name, create, ...hooks };
}

/** What an access_token check found: the account it names, or WeChat's errcode. */
export type TokenCheck = { ok: true; account: Account } | { ok: false; errcode: 40001 | 42001 };

export class SimulatorState {
  publicUrl = "";
  config!: SimConfig;
  /** The account given at start-up; the control API, the chat UI and pushes act on it. */
  readonly primary: Account;
  readonly faults = new FaultRegistry();
  /** Today's calls per endpoint (openapi/quota/get). */
  readonly usage = new ApiUsage();
  /** Calls per endpoint since the last reset. */
  calls: Record<string, number> = {};
  apiLog: ApiLogEntry[] = [];
  conversation: ConversationEntry[] = [];
  customMessages: CustomMessage[] = [];
  jsapiCalls: JsapiCallRecord[] = [];
  pushes: PushResult[] = [];
  /** Responses held open by `hang` faults. */
  readonly hung = new Set<ServerResponse>();
  private readonly accountsById = new Map<string, Account>();
  private readonly addedAtRunTime = new Set<string>();
  private readonly sharedStates = new Map<SharedStateKey<unknown>, unknown>();
  private nextId = 1;

  /** The start-up options (groups read their own part, e.g. `pay`). */
  constructor(readonly options: SimulatorOptions) {
    if (!options.appId || !options.appSecret || !options.token) throw new Error("appId, appSecret and token are required");
    this.primary = new Account(
      {
        appId: options.appId,
        appSecret: options.appSecret,
        token: options.token,
        encodingAESKey: options.encodingAESKey,
        accountName: options.accountName ?? "模拟公众号",
        originalId: options.originalId ?? `gh_${createHash("sha1").update(options.appId).digest("hex").slice(0, 12)}`,
        accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 7200,
        followers: options.followers ?? DEFAULT_FOLLOWER_COUNT,
      },
      () => this.now(),
    );
    this.accountsById.set(this.primary.appId, this.primary);
    for (const extra of options.accounts ?? []) this.addAccount(extra, true);
    this.reset();
  }

  /**
   * Serves one more 公众号 (its own users, tokens, menus, media…). Accounts given at start-up
   * (`options.accounts`) stay through a reset; ones added at run time (the control API) go.
   * Throws for a malformed or taken AppID.
   */
  addAccount(input: AccountInput, permanent = false): Account {
    if (this.accountsById.has(input.appId)) throw new Error(`account ${input.appId} exists`);
    const account = accountFromInput(input, this.options.accessTokenTtlSeconds ?? 7200, () => this.now());
    this.accountsById.set(account.appId, account);
    if (!permanent) this.addedAtRunTime.add(account.appId);
    return account;
  }

  /**
   * The account a control request acts on: `?appid=` (or the default account without one);
   * undefined for an AppID the simulator does not serve.
   */
  controlAccount(query: URLSearchParams): Account | undefined {
    const appId = query.get("appid");
    return appId ? this.accountsById.get(appId) : this.primary;
  }

  /** Who a control action or push is from when no openid is given: the OAuth user, or the account's first user. */
  defaultOpenid(account: Account): string {
    return account === this.primary ? this.config.oauthUser : (account.users.all[0]?.openid ?? "");
  }

  /** Where a direct-mode push for `account` goes: its own URL, else the default account's URL plus `/{appid}`. */
  webhookUrlFor(account: Account): string {
    if (account === this.primary) return this.config.webhookUrl;
    return account.webhookUrl ?? `${this.config.webhookUrl.replace(/\/+$/, "")}/${account.appId}`;
  }

  now(): number {
    return this.options.clock ? this.options.clock() : Date.now();
  }

  /** One line for the developer in the simulator's log (never a secret). */
  note(line: string): void {
    this.options.log?.(line);
  }

  /** The simulator-wide state `key` names, made on first use. */
  shared<S>(key: SharedStateKey<S>): S {
    if (!this.sharedStates.has(key as SharedStateKey<unknown>)) this.sharedStates.set(key as SharedStateKey<unknown>, key.create(this));
    return this.sharedStates.get(key as SharedStateKey<unknown>) as S;
  }

  /** Stops what the shared states keep running (timers); the simulator is closing. */
  dispose(): void {
    for (const [key, value] of this.sharedStates) key.dispose?.(value);
  }

  /** Monotonic id for log entries (UI polling uses `since`). */
  id(): number {
    return this.nextId++;
  }

  /** The account with this AppID, if the simulator serves it. */
  account(appId: string): Account | undefined {
    return this.accountsById.get(appId);
  }

  accounts(): Account[] {
    return [...this.accountsById.values()];
  }

  /** The account an access_token was issued for: 40001 unknown or superseded past its grace period, 42001 expired. */
  checkAccessToken(token: string): TokenCheck {
    let expired = false;
    for (const account of this.accountsById.values()) {
      const result = account.credentials.check(token, ACCOUNT_TOKEN_KINDS);
      if (result.ok) return { ok: true, account };
      if (result.errcode === 42001) expired = true;
    }
    return { ok: false, errcode: expired ? 42001 : 40001 };
  }

  /** Back to the start: fresh seed, no tokens, no faults (hung requests are dropped), default config. */
  reset(): void {
    this.faults.clear();
    for (const res of this.hung) res.destroy();
    this.hung.clear();
    for (const appId of this.addedAtRunTime) this.accountsById.delete(appId);
    this.addedAtRunTime.clear();
    for (const account of this.accountsById.values()) account.reset();
    for (const [key, value] of this.sharedStates) {
      if (key.reset) key.reset(value);
      else this.sharedStates.delete(key);
    }
    this.usage.clear();
    this.calls = {};
    this.apiLog = [];
    this.conversation = [];
    this.customMessages = [];
    this.jsapiCalls = [];
    this.pushes = [];
    this.config = defaultConfig(this.options, this.primary.users.all[0]?.openid ?? "");
  }

  countCall(endpoint: string): void {
    this.calls[endpoint] = (this.calls[endpoint] ?? 0) + 1;
    this.usage.count(endpoint, this.now());
  }

  logApi(entry: Omit<ApiLogEntry, "id">): void {
    this.apiLog.push({ id: this.id(), ...entry });
    if (this.apiLog.length > LOG_LIMIT) this.apiLog.splice(0, this.apiLog.length - LOG_LIMIT);
  }

  addConversation(entry: Omit<ConversationEntry, "id" | "at">): ConversationEntry {
    const full = { id: this.id(), at: this.now(), ...entry };
    this.conversation.push(full);
    if (this.conversation.length > LOG_LIMIT * 5) this.conversation.splice(0, this.conversation.length - LOG_LIMIT * 5);
    return full;
  }

  /** Every account's access_tokens, tickets, web tokens and unused codes expire now (→ 42001 / 40029). */
  expireTokens(): void {
    for (const account of this.accountsById.values()) account.expireTokens();
    for (const [key, value] of this.sharedStates) key.expire?.(value);
  }
}
