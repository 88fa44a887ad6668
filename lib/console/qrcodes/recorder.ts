/**
 * The webhook's side of the QR channels: a SCAN or subscribe-with-scene push counted against
 * its code, as a recorder in the webhook's chain (lib/wiring/webhook.ts puts it there), so it
 * runs once per push under the dedup claim, stored under the push's dedup key. Never throws:
 * a database hiccup cannot cost the follower the reply.
 */
import { describeError } from "../../logger";
import type { Logger } from "@wxmp/wechat/types";
import { recorder, type MessageMiddleware } from "@wxmp/wechat/webhook/middleware";
import { recordScan, type QrChannelStore } from "./channels";

export function qrScanRecorder(deps: { store: QrChannelStore; logger: Logger }): MessageMiddleware {
  return recorder(["subscribe", "SCAN"], async (msg, ctx) => {
    if (!msg.scene) return; // a plain follow: no database work
    try {
      const code = await recordScan(deps.store, msg, ctx);
      if (code) deps.logger.info("qr scan recorded", { qrCodeId: code.id, event: msg.event });
    } catch (error) {
      deps.logger.error("qr scan not recorded", describeError(error));
    }
  });
}
