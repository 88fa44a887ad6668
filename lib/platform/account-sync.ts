/**
 * An authorized account is one of the deployment's accounts (the Account table, kind
 * "component"): created when it authorizes the platform (named after its nickname), retired
 * when it withdraws — so its server URL answers 404, its sessions are refused and the console
 * marks it — and active again when it authorizes again. Which of two status changes is newer is
 * decided by the authorizer store (event time); this only mirrors it onto the account.
 */
import type { AuthorizerRecord } from "@wxmp/wechat/component/authorizer-store";
import { silentLogger, type Logger } from "@wxmp/wechat/types";

/** What this needs of lib/accounts/registry.ts. */
export interface AccountBook {
  readonly defaultAppId: string;
  get(appId: string): Promise<{ kind: "direct" | "component"; status: "active" | "retired" } | null>;
  addComponent(input: { appId: string; name: string }): Promise<unknown>;
  retire(appId: string): Promise<unknown>;
  reactivate(appId: string): Promise<boolean>;
}

export interface AccountSyncDeps {
  accounts: AccountBook;
  /** The account's authorization as stored (null: none yet, e.g. the code is still being exchanged). */
  authorization(appId: string): Promise<AuthorizerRecord | null>;
  /** The account's nickname (api_get_authorizer_info); the AppID when it cannot be read. */
  nameOf(appId: string): Promise<string>;
  logger?: Logger;
}

/** After `authorized` / `updateauthorized` or the console's callback, dated `at` (ms). */
export async function keepAuthorizedAccount(deps: AccountSyncDeps, appId: string, at: number): Promise<void> {
  const logger = deps.logger ?? silentLogger;
  if (appId === deps.accounts.defaultAppId) return; // the environment's account is no row
  const stored = await deps.authorization(appId);
  // A withdrawal dated after this authorization already happened: a late push changes nothing.
  if (stored && stored.status === "unauthorized" && stored.statusAt > at) return;
  const existing = await deps.accounts.get(appId);
  if (!existing) {
    await deps.accounts.addComponent({ appId, name: await deps.nameOf(appId) });
    logger.info("wechat platform: account added", { appId });
  } else if (existing.kind !== "component") {
    // Added by hand with its own AppSecret: it stays a direct account (its own Token and key).
    logger.warn("wechat platform: an account with its own AppSecret authorized the platform; it stays direct", { appId });
  } else if (existing.status === "retired") {
    await deps.accounts.reactivate(appId);
    logger.info("wechat platform: account authorized again", { appId });
  }
}

/** After `unauthorized`: the account retired at once (pushes 404, sessions refused). */
export async function retireWithdrawnAccount(deps: AccountSyncDeps, appId: string): Promise<void> {
  const existing = await deps.accounts.get(appId);
  if (existing?.kind !== "component" || existing.status === "retired") return;
  const stored = await deps.authorization(appId);
  if (stored?.status === "authorized") return; // authorized again since (a late withdrawal push)
  await deps.accounts.retire(appId);
  (deps.logger ?? silentLogger).info("wechat platform: account retired after withdrawing", { appId });
}
