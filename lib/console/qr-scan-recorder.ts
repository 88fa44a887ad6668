import "server-only";
import { getDb } from "../db";
import { getEnv } from "../env";
import { describeError, logger } from "../logger";
import { createPrismaQrStore } from "../stores/prisma-qr-store";
import type { InboundMessage } from "../wechat/message";
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
export async function recordQrScan(msg: InboundMessage): Promise<void> {
  if (msg.type !== "event" || (msg.event !== "subscribe" && msg.event !== "SCAN")) return; // no database work for other pushes
  try {
    const code = await recordScan(createPrismaQrStore(await getDb(), getEnv().appId), msg);
    if (code) logger.info("qr scan recorded", { qrCodeId: code.id, event: msg.event });
  } catch (error) {
    logger.error("qr scan not recorded", describeError(error));
  }
}
