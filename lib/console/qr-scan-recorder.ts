import "server-only";
import { getDb } from "../db";
import { getEnv } from "../env";
import { describeError, logger } from "../logger";
import { createPrismaQrStore } from "../stores/prisma-qr-store";
import type { ScanEvent, SubscribeEvent } from "../wechat/message";
import type { MessageContext } from "../wechat/webhook/types";
import { recordScan } from "./qr-channels";

/**
 * The webhook's side of the QR channels: kept apart from qr-channels-app.ts (which calls
 * WeChat through the composition root) because the composition root wires this one into
 * the webhook — one direction only, no import cycle.
 */
/**
 * Counts a SCAN / subscribe-with-scene push against its code. Called from the webhook's
 * exactly-once path; never throws, so a database hiccup cannot cost the follower the reply.
 */
export async function recordQrScan(msg: ScanEvent | SubscribeEvent, ctx: MessageContext): Promise<void> {
  if (!msg.scene) return; // a plain follow: no database work
  try {
    const code = await recordScan(createPrismaQrStore(await getDb(), getEnv().appId), msg, ctx);
    if (code) logger.info("qr scan recorded", { qrCodeId: code.id, event: msg.event });
  } catch (error) {
    logger.error("qr scan not recorded", describeError(error));
  }
}
