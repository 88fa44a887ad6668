import "server-only";
import { bot } from "./bot";
import type { Env } from "./env-schema";
import { testBot } from "./test-bot";
import type { MessageHandler } from "./wechat/webhook/types";

/** The bot the webhook runs: the example bot (lib/bot.ts), or the end-to-end suite's (BOT=test). */
export function selectBot(kind: Env["bot"]): MessageHandler {
  return kind === "test" ? testBot : bot;
}
