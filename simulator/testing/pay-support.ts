/** The pay group's shared test fixture: a simulator serving two merchants, a notify receiver, helpers. */
import { afterAll, beforeAll, beforeEach } from "vitest";
import type { PaySigningMode } from "../core/options";
import { payState, type PayState } from "../groups/pay";
import type { RunningSimulator } from "../server";
import { callPay, makeTestMerchant, type PayResponse, type TestMerchant } from "./pay-merchant";
import { startPayReceiver, type PayReceiver } from "./pay-receiver";
import { APP_ID, startTestSimulator } from "./test-support";

export interface PayFixture {
  sim: RunningSimulator;
  /** The merchant the tests act as (bound to the simulator's account). */
  merchant: TestMerchant;
  /** A second merchant bound to the same account (mchid mismatches). */
  other: TestMerchant;
  receiver: PayReceiver;
  pay: PayState;
  /** A follower of the account: a payer WeChat Pay accepts. */
  openid: string;
  /** The simulator's log lines since this test began. */
  logs: string[];
}

/** One simulator per test file; before each test a reset, a receiver answering 204 and `mode`. */
export function sharedPaySimulator(mode: PaySigningMode = "public-key"): PayFixture {
  const fixture = {} as PayFixture;
  beforeAll(async () => {
    fixture.merchant = makeTestMerchant({ mode });
    fixture.other = makeTestMerchant({ mchid: "1900000002", mode });
    fixture.receiver = await startPayReceiver();
    fixture.logs = [];
    fixture.sim = await startTestSimulator({ pay: [fixture.merchant.options, fixture.other.options], log: (line) => fixture.logs.push(line) });
    fixture.pay = fixture.sim.state.shared(payState);
    fixture.openid = fixture.sim.account.users.all[0]?.openid ?? "";
  });
  afterAll(async () => {
    await fixture.sim.close();
    await fixture.receiver.close();
  });
  beforeEach(async () => {
    await fixture.pay.notifier.settle();
    fixture.sim.state.reset();
    fixture.receiver.reset();
    fixture.logs.length = 0;
  });
  return fixture;
}

let counter = 0;
/** A fresh, valid out_trade_no. */
export const outTradeNo = (): string => `T${Date.now()}${String(++counter).padStart(4, "0")}`;

/** A valid JSAPI order body for the fixture's merchant. */
export function orderBody(f: PayFixture, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    appid: APP_ID, mchid: f.merchant.mchid, description: "测试商品-咖啡豆", out_trade_no: outTradeNo(), notify_url: f.receiver.url,
    amount: { total: 1990, currency: "CNY" }, payer: { openid: f.openid }, ...extra,
  };
}

/** Places an order; returns its body and the prepay_id. */
export async function placeOrder(f: PayFixture, extra: Record<string, unknown> = {}): Promise<{ body: Record<string, unknown>; prepayId: string; res: PayResponse }> {
  const body = orderBody(f, extra);
  const res = await callPay(f.sim.url, f.merchant, "POST", "/v3/pay/transactions/jsapi", body);
  return { body, prepayId: String(res.json?.prepay_id ?? ""), res };
}

/** POSTs to a control route and returns the JSON. */
export async function control(f: PayFixture, path: string, body: unknown = {}): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${f.sim.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

export async function getControl(f: PayFixture, path: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${f.sim.url}${path}`);
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}
