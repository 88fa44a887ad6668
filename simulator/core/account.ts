/**
 * One simulated Official Account (公众号): who it is, its followers, the credentials its servers
 * issued, and each API group's state. A group's state is made by the group's own factory the
 * first time it is asked for, and dropped by `reset()`; nothing here lists the groups, so a new
 * group adds no field. The simulator holds its accounts by AppID (an access_token names its account).
 */
import { createHash } from "node:crypto";
import { CredentialStore } from "./credentials";
import type { AccountInput } from "./options";
import { OAuthState } from "./oauth-state";
import { seedUsers, UserDirectory, type SimUser } from "./users";

/** Who the account is: the same values the app is configured with. */
export interface AccountConfig {
  appId: string;
  appSecret: string;
  /** The server-URL Token, for signing pushes. */
  token: string;
  /** Enables compatible/safe-mode pushes. */
  encodingAESKey?: string;
  /** Shown on the consent page and in the chat. */
  accountName: string;
  /** The original id (gh_…): ToUserName of pushes. */
  originalId: string;
  /** Seconds an access_token lives. */
  accessTokenTtlSeconds: number;
  /** Seeded followers. */
  followers: number;
  /** Its own server URL (direct mode); default: see SimulatorState.webhookUrlFor. */
  webhookUrl?: string;
}

/** A group's state: its name and the factory that makes it for one account. */
export interface StateKey<S> {
  readonly name: string;
  readonly create: (account: Account) => S;
}

/** Declares a group's state; the group's routes then read it with `ctx.account.state(key)`. */
export function defineState<S>(name: string, create: (account: Account) => S): StateKey<S> {
  return { name, create };
}

export class Account {
  readonly appId: string;
  readonly appSecret: string;
  readonly token: string;
  readonly encodingAESKey: string | undefined;
  readonly accountName: string;
  readonly originalId: string;
  readonly accessTokenTtlSeconds: number;
  readonly webhookUrl: string | undefined;
  /** access_tokens and JS-SDK tickets. */
  readonly credentials: CredentialStore;
  /** Web authorization: consent screens, codes, web access_tokens. */
  readonly oauth: OAuthState;
  users!: UserDirectory;
  private readonly states = new Map<StateKey<unknown>, unknown>();

  constructor(
    private readonly config: AccountConfig,
    /** Milliseconds since the epoch (the simulator's clock). */
    readonly now: () => number,
  ) {
    this.appId = config.appId;
    this.appSecret = config.appSecret;
    this.token = config.token;
    this.encodingAESKey = config.encodingAESKey || undefined;
    this.accountName = config.accountName;
    this.originalId = config.originalId;
    this.accessTokenTtlSeconds = config.accessTokenTtlSeconds;
    this.webhookUrl = config.webhookUrl;
    this.credentials = new CredentialStore(now);
    this.oauth = new OAuthState(now);
    this.reset();
  }

  /** The group state `key` names, made by its factory on first use. */
  state<S>(key: StateKey<S>): S {
    if (!this.states.has(key)) this.states.set(key, key.create(this));
    return this.states.get(key) as S;
  }

  /** Back to the start: fresh seed, no tokens, every group's state made again on first use. */
  reset(): void {
    this.users = new UserDirectory(seedUsers(this.appId, this.config.followers));
    this.credentials.clear();
    this.oauth.clear();
    this.states.clear();
  }

  /** Expires every access_token, ticket, web token and unused code now (→ 42001 / 40029). */
  expireTokens(): void {
    this.credentials.expireAll();
    this.oauth.expireAll();
  }

  /** Opens the 48-hour customer-service window for a user (as if they had just sent a message). */
  markActive(openid: string): SimUser | undefined {
    const user = this.users.get(openid);
    if (user) user.lastInboundAt = this.now();
    return user;
  }
}

/** A further account from the control API or `options.accounts`; throws for a malformed one. */
export function accountFromInput(input: AccountInput, accessTokenTtlSeconds: number, now: () => number): Account {
  if (!/^wx[0-9A-Za-z]{16}$/.test(input.appId ?? "")) throw new Error("appId must be wx + 16 letters or digits");
  if (!input.appSecret || !input.token) throw new Error("appSecret and token are required");
  if (input.encodingAESKey && !/^[A-Za-z0-9]{43}$/.test(input.encodingAESKey)) throw new Error("encodingAESKey must be 43 letters or digits");
  return new Account(
    {
      appId: input.appId,
      appSecret: input.appSecret,
      token: input.token,
      encodingAESKey: input.encodingAESKey,
      accountName: input.accountName ?? `模拟公众号 ${input.appId.slice(-4)}`,
      originalId: input.originalId ?? `gh_${createHash("sha1").update(input.appId).digest("hex").slice(0, 12)}`,
      accessTokenTtlSeconds,
      followers: input.followers ?? 20,
      webhookUrl: input.webhookUrl,
    },
    now,
  );
}
