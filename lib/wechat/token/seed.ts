/**
 * Storing a value WeChat handed over outside a refresh — api_query_auth answers an authorization
 * with the authorizer's first access_token — so the central control uses it instead of fetching
 * another at once. Done under the same lease as a refresh, so it never races one.
 *
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/authorization_info.html
 */
import { expiryOf } from "./lease-refresh";
import type { CredentialKind, CredentialStore } from "./store";

export interface SeedInput {
  appId: string;
  kind: CredentialKind;
  value: string;
  expiresInSec: number;
  /** When the call that returned the value started (its lifetime began no earlier). */
  startedAt: number;
  now: number;
  owner: string;
  leaseMs: number;
  safetyMarginMs: number;
}

/**
 * Saves `value` as the current credential. False when another process holds the refresh lease
 * (its refresh will store a value of its own) — the seed is an optimisation, never required.
 */
export async function seedCredential(store: CredentialStore, input: SeedInput): Promise<boolean> {
  const { appId, kind, owner } = input;
  if (!(await store.acquireLease(appId, kind, owner, input.now, input.leaseMs))) return false;
  const expiresAt = expiryOf(input.startedAt, input.expiresInSec, input.safetyMarginMs);
  return store.saveRefreshed(appId, kind, owner, input.value, expiresAt, input.now);
}
