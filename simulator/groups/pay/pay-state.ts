/**
 * WeChat Pay's side of the simulator, one per simulator (merchants are named by mchid, not by an
 * access_token): the merchants with their keys, the order book, the notifications, the pay sheets
 * open in browsers and the refunds still processing. A reset clears all of it but the merchants'
 * keys, which the app has been given; closing the simulator stops every timer.
 */
import { randomBytes } from "node:crypto";
import { defineSharedState, type SimulatorState } from "../../core/state";
import { Merchant } from "./merchant";
import { resolveMerchantKeys } from "./merchant-keys";
import { OrderBook } from "./order-book";
import { Notifier } from "./notifier";

/** A pay sheet shown in a browser: which order, until the buyer taps 支付 or 取消. */
export interface PaySheet {
  id: string;
  mchid: string;
  outTradeNo: string;
  openedAt: number;
}

export class PayState {
  readonly merchants = new Map<string, Merchant>();
  readonly book = new OrderBook();
  readonly notifier: Notifier;
  /** Genuine notifications per merchant, for the SIGNTEST probe's rhythm. */
  readonly notificationCounts = new Map<string, number>();
  private readonly sheets = new Map<string, PaySheet>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(readonly sim: SimulatorState) {
    for (const options of sim.options.pay ?? []) {
      let keys;
      try {
        keys = resolveMerchantKeys(options, sim.now());
      } catch (error) {
        throw new Error(`pay merchant ${options.mchid}: ${(error as Error).message}`);
      }
      this.merchants.set(options.mchid, new Merchant(options, keys, sim.primary.appId));
    }
    this.notifier = new Notifier(() => sim.now(), (mchid) => this.merchants.get(mchid));
  }

  now(): number {
    return this.sim.now();
  }

  /** The merchant `mchid` names, or the first one when none is named (control routes). */
  merchant(mchid?: string | null): Merchant | undefined {
    return mchid ? this.merchants.get(mchid) : this.merchants.values().next().value;
  }

  openSheet(mchid: string, outTradeNo: string): PaySheet {
    const sheet = { id: randomBytes(12).toString("hex"), mchid, outTradeNo, openedAt: this.now() };
    this.sheets.set(sheet.id, sheet);
    return sheet;
  }

  /** A sheet is answered once: 支付 or 取消 closes it. */
  takeSheet(id: string): PaySheet | undefined {
    const sheet = this.sheets.get(id);
    this.sheets.delete(id);
    return sheet;
  }

  /** Runs `job` after `ms` (unref'd, cancelled by reset and close). */
  later(ms: number, job: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      job();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  reset(): void {
    this.dispose();
    this.book.clear();
    this.sheets.clear();
    this.notificationCounts.clear();
    for (const merchant of this.merchants.values()) merchant.reset();
  }

  dispose(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.notifier.clear();
  }
}

/** The simulator's WeChat Pay; its merchants come from the start-up option `pay`. */
export const payState = defineSharedState("pay", (sim) => new PayState(sim), {
  reset: (pay) => pay.reset(),
  dispose: (pay) => pay.dispose(),
});
