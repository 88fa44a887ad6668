/**
 * Delivers notifications as WeChat Pay does: POST to notify_url, signed like an answer; a 200 or
 * 204 ends it, anything else (or no answer within the timeout) is retried on WeChat Pay's schedule
 * — 15s, 15s, 30s, 3m, 10m, 20m, 30m, 30m, 30m, 60m, 3h, 3h, 3h, 6h, 6h — scaled by the merchant's
 * `timeScale`, with the same body (so the same notification `id`) every time and fresh signature
 * headers per attempt. Every attempt and the app's answer is kept for the control API.
 * @see https://pay.weixin.qq.com/docs/merchant/apis/jsapi-payment/payment-notice.html
 */
import { exchange } from "../../push/webhook-http";
import type { Merchant, Signer } from "./merchant";
import { signedHeaders, type SignOptions } from "./signed-headers";

export const RETRY_SCHEDULE_SECONDS: readonly number[] = [15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600];

const ANSWER_LIMIT = 2048;
const DELIVERY_LIMIT = 1000;

export interface DeliveryAttempt {
  n: number;
  at: number;
  trigger: "first" | "retry" | "manual" | "replay";
  /** The app's HTTP status; null when it did not answer in time or could not be reached. */
  status: number | null;
  /** The app's answer body (first 2 KiB). */
  answer?: string;
  error?: string;
  ms: number;
  /** The key the attempt was signed with. */
  serial: string;
  /** When it failed: how long until the next retry (the schedule × timeScale); null when none follows. */
  retryInMs?: number | null;
}

/** pending: retries scheduled; dropped: never sent (dropNotifications); sent: a one-shot probe or forgery went out. */
export type DeliveryStatus = "pending" | "delivered" | "failed" | "dropped" | "sent";

export interface Delivery {
  /** The notification's `id` (the same on every retry and replay). */
  id: string;
  /** The simulator's order of creation (`?since=`). */
  seq: number;
  /** transaction, refund, signtest, or the forgery's kind. */
  kind: string;
  eventType: string;
  mchid: string;
  outTradeNo?: string;
  outRefundNo?: string;
  url: string;
  body: string;
  /** What the ciphertext holds (or claims to, for forgeries). */
  resource: Record<string, unknown>;
  status: DeliveryStatus;
  attempts: DeliveryAttempt[];
  retriesUsed: number;
  /** Simulator time of the next scheduled attempt. */
  nextAttemptAt: number | null;
  createdAt: number;
  /** Probes and forgeries: one attempt, never retried. */
  oneShot: boolean;
  /** Probes and forgeries: the app answered 2xx — it should have refused. */
  accepted?: boolean;
  /** A forgery's headers: another signer (an attacker's key) and sign options. Never shown by the control API. */
  forge?: { signer?: Signer; options?: SignOptions };
}

const delivered = (status: number | null): boolean => status === 200 || status === 204;

export class Notifier {
  private deliveries: Delivery[] = [];
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly inFlight = new Map<string, Promise<DeliveryAttempt>>();
  private seq = 1;

  constructor(
    private readonly now: () => number,
    private readonly merchantOf: (mchid: string) => Merchant | undefined,
  ) {}

  /** Records a delivery; genuine ones start (or are dropped), one-shots wait for `send`. */
  add(delivery: Omit<Delivery, "seq" | "status" | "attempts" | "retriesUsed" | "nextAttemptAt" | "createdAt">, merchant: Merchant): Delivery {
    const full: Delivery = { ...delivery, seq: this.seq++, status: "pending", attempts: [], retriesUsed: 0, nextAttemptAt: null, createdAt: this.now() };
    this.deliveries.push(full);
    if (this.deliveries.length > DELIVERY_LIMIT) this.deliveries.splice(0, this.deliveries.length - DELIVERY_LIMIT);
    if (full.oneShot) return full;
    if (merchant.settings.dropNotifications) full.status = "dropped";
    else this.schedule(full, merchant.settings.notificationDelayMs, "first");
    return full;
  }

  /** One attempt now, whatever the schedule says (a one-shot's only attempt, a manual retry, a replay). */
  send(delivery: Delivery, trigger: DeliveryAttempt["trigger"]): Promise<DeliveryAttempt> {
    this.cancel(delivery.id);
    if (trigger === "manual" && delivery.status === "pending" && delivery.attempts.length > 0) delivery.retriesUsed++;
    return this.attempt(delivery, trigger);
  }

  get(id: string): Delivery | undefined {
    return this.deliveries.find((d) => d.id === id);
  }

  isInFlight(id: string): boolean {
    return this.inFlight.has(id);
  }

  list(since = 0): Delivery[] {
    return this.deliveries.filter((d) => d.seq > since);
  }

  /** Waits for the attempts now in flight (tests). */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight.values()]);
  }

  /** Forgets everything and stops every timer. */
  clear(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.deliveries = [];
  }

  private cancel(id: string): void {
    const timer = this.timers.get(id);
    if (timer) clearTimeout(timer);
    this.timers.delete(id);
  }

  private schedule(delivery: Delivery, delayMs: number, trigger: "first" | "retry"): void {
    delivery.nextAttemptAt = this.now() + delayMs;
    const timer = setTimeout(() => {
      this.timers.delete(delivery.id);
      if (trigger === "retry") delivery.retriesUsed++;
      // A timer has no caller to tell: an attempt that throws (it should not) must not crash the process.
      this.attempt(delivery, trigger).catch(() => undefined);
    }, delayMs);
    timer.unref();
    this.timers.set(delivery.id, timer);
  }

  private attempt(delivery: Delivery, trigger: DeliveryAttempt["trigger"]): Promise<DeliveryAttempt> {
    const running = this.exchange(delivery, trigger).finally(() => this.inFlight.delete(delivery.id));
    this.inFlight.set(delivery.id, running);
    return running;
  }

  private async exchange(delivery: Delivery, trigger: DeliveryAttempt["trigger"]): Promise<DeliveryAttempt> {
    delivery.nextAttemptAt = null;
    const merchant = this.merchantOf(delivery.mchid);
    if (!merchant) throw new Error(`merchant ${delivery.mchid} is gone`);
    const at = this.now();
    const { headers, serial } = this.headersFor(delivery, merchant, at);
    const answer = await exchange(new URL(delivery.url), "POST", delivery.body, merchant.settings.notificationTimeoutMs, {
      "content-type": "application/json",
      ...headers,
    });
    const record: DeliveryAttempt = { n: delivery.attempts.length + 1, at, trigger, status: answer.status, ms: answer.ms, serial };
    if (answer.body !== undefined) record.answer = answer.body.slice(0, ANSWER_LIMIT);
    if (answer.error) record.error = answer.error;
    delivery.attempts.push(record);
    this.settleStatus(delivery, merchant, record);
    return record;
  }

  private headersFor(delivery: Delivery, merchant: Merchant, at: number): { headers: Record<string, string>; serial: string } {
    const signer = delivery.forge?.signer ?? merchant.notificationSigner();
    const headers = signedHeaders(signer, delivery.body, at, delivery.forge?.options);
    return { headers, serial: signer.serial };
  }

  private settleStatus(delivery: Delivery, merchant: Merchant, record: DeliveryAttempt): void {
    if (delivery.oneShot) {
      delivery.status = "sent";
      delivery.accepted = delivered(record.status);
      return;
    }
    if (record.trigger === "replay") return;
    if (delivered(record.status)) {
      delivery.status = "delivered";
      return;
    }
    if (delivery.retriesUsed >= RETRY_SCHEDULE_SECONDS.length) {
      delivery.status = "failed";
      record.retryInMs = null;
      return;
    }
    delivery.status = "pending";
    record.retryInMs = (RETRY_SCHEDULE_SECONDS[delivery.retriesUsed] as number) * 1000 * merchant.settings.timeScale;
    this.schedule(delivery, record.retryInMs, "retry");
  }
}
