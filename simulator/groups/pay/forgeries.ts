/**
 * Notifications the app must refuse, sent once on demand (`POST /__sim/pay/notifications/forge`):
 * each claims TRANSACTION.SUCCESS for a real order, and each is wrong in one way a receiver has to
 * notice — a signature by someone else, a body changed after signing, a stale timestamp, an
 * unknown serial, a SIGNTEST probe, a resource sealed with another key, or (genuinely signed and
 * sealed) an amount, appid or mchid that does not match the order.
 */
import { generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";
import type { Merchant, Signer } from "./merchant";
import { newNotificationId, notificationBody, type NotificationContent } from "./notification-body";
import type { Delivery } from "./notifier";
import type { Order } from "./order-book";
import type { PayState } from "./pay-state";
import { paymentContent } from "./payments";
import { signtestSignature, type SignOptions } from "./signed-headers";

export const FORGERY_KINDS = ["forged", "tampered", "stale", "unknown-serial", "signtest", "undecryptable", "wrong-amount", "wrong-appid", "wrong-mchid"] as const;
export type ForgeryKind = (typeof FORGERY_KINDS)[number];

let attackerKey: KeyObject | undefined;
/** Someone else's RSA key (made once per process: a key generation costs ~100 ms). */
function attacker(): KeyObject {
  attackerKey ??= generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
  return attackerKey;
}

/** What the notification claims: the order as if paid now (a transaction_id is made up if it is not). */
function claim(order: Order, now: number): NotificationContent {
  const claimed: Order = order.transactionId ? order : { ...order, tradeState: "SUCCESS", transactionId: `4200${now}`.padEnd(28, "0").slice(0, 28), successTime: now };
  return paymentContent(claimed);
}

function altered(content: NotificationContent, change: (resource: Record<string, unknown>) => void): NotificationContent {
  const resource = structuredClone(content.resource);
  change(resource);
  return { ...content, resource };
}

interface Forged {
  body: string;
  resource: Record<string, unknown>;
  signer?: Signer;
  options?: SignOptions;
}

function forge(kind: ForgeryKind, merchant: Merchant, id: string, now: number, content: NotificationContent): Forged {
  const seal = (c: NotificationContent, key = merchant.apiV3Key): string => notificationBody(key, id, now, c);
  const real = merchant.notificationSigner();
  const body = seal(content);
  switch (kind) {
    case "forged":
      return { body, resource: content.resource, signer: { serial: real.serial, privateKey: attacker() } };
    case "unknown-serial":
      return { body, resource: content.resource, signer: { serial: randomBytes(20).toString("hex").toUpperCase(), privateKey: attacker() } };
    case "tampered": {
      const richer = altered(content, (r) => ((r.amount as Record<string, number>).total = 1));
      return { body: seal(richer), resource: richer.resource, options: { signedBody: body } };
    }
    case "stale":
      return { body, resource: content.resource, options: { timestamp: Math.floor(now / 1000) - 600 } };
    case "signtest":
      return { body, resource: content.resource, options: { signature: signtestSignature() } };
    case "undecryptable":
      return { body: seal(content, randomBytes(16).toString("hex")), resource: content.resource };
    case "wrong-amount": {
      const c = altered(content, (r) => {
        const amount = r.amount as Record<string, number>;
        amount.total = (amount.total ?? 0) + 1;
        amount.payer_total = amount.total;
      });
      return { body: seal(c), resource: c.resource };
    }
    case "wrong-appid": {
      const c = altered(content, (r) => (r.appid = "wx0000000000forged"));
      return { body: seal(c), resource: c.resource };
    }
    case "wrong-mchid": {
      const c = altered(content, (r) => (r.mchid = "1000000001"));
      return { body: seal(c), resource: c.resource };
    }
  }
}

/** Sends one forged notification about `order` to its notify_url and returns the delivery with the app's answer. */
export async function sendForgery(pay: PayState, merchant: Merchant, order: Order, kind: ForgeryKind): Promise<Delivery> {
  const id = newNotificationId();
  const now = pay.now();
  const content = claim(order, now);
  const forged = forge(kind, merchant, id, now, content);
  const delivery = pay.notifier.add(
    {
      id, kind, eventType: content.eventType, mchid: merchant.mchid, outTradeNo: order.outTradeNo, url: order.notifyUrl,
      body: forged.body, resource: forged.resource, oneShot: true,
      forge: { ...(forged.signer ? { signer: forged.signer } : {}), ...(forged.options ? { options: forged.options } : {}) },
    },
    merchant,
  );
  await pay.notifier.send(delivery, "first");
  return delivery;
}
