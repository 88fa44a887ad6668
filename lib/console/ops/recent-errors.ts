import "server-only";
import { createRecentErrors, opsErrorFromText, type OpsError } from "./errors";
import { WeChatApiError } from "@wxmp/wechat/errors";

// One ring per process, kept on globalThis so that dev-mode module reloading keeps it.
const holder = globalThis as unknown as { __wechatRecentErrors?: ReturnType<typeof createRecentErrors> };
const ring = (): ReturnType<typeof createRecentErrors> => (holder.__wechatRecentErrors ??= createRecentErrors(20));

/** Remembers a WeChat error a route met (for the operations screen); other errors are ignored. */
export function noteWeChatError(error: unknown, context: string): void {
  if (!(error instanceof WeChatApiError)) return;
  ring().record(opsErrorFromText(context, error.message, Date.now()));
}

/** The WeChat errors this process's routes met recently, oldest first. */
export function recentWeChatErrors(): OpsError[] {
  return ring().list();
}
