import "server-only";
import { createAccountRegistry, type AccountRegistry } from "../accounts/registry";
import { createSealer } from "../accounts/seal";
import { registerSecret } from "../logger";
import { getEnv } from "./env";
import { accountStore } from "./stores";

/**
 * The deployment's accounts (lib/accounts/registry.ts): the env's WECHAT_* account as the default
 * one, and the Account table's rows, sealed under ACCOUNTS_KEY (or SESSION_PASSWORD). One
 * registry per process, so its short cache is shared by every route of the process. No `next/*`:
 * the fast entry resolves `/api/wechat/{appid}` through it.
 */
const globals = globalThis as unknown as { __accountRegistry?: AccountRegistry };

export function getAccountRegistry(): AccountRegistry {
  if (globals.__accountRegistry) return globals.__accountRegistry;
  const env = getEnv();
  registerSecret(env.accountsKey);
  globals.__accountRegistry = createAccountRegistry({
    store: accountStore(),
    sealer: createSealer(env.accountsKey),
    defaultAccount: {
      appId: env.appId,
      // WECHAT_ACCOUNT_NAME (default 公众号演示): the name the operator knows it by in the switcher.
      name: env.accountName,
      appSecret: env.appSecret,
      token: env.token,
      encodingAESKey: env.encodingAESKey,
      previousEncodingAESKey: env.previousEncodingAESKey,
      tokenMode: env.tokenMode,
      pay: env.pay,
    },
    now: Date.now,
  });
  return globals.__accountRegistry;
}
