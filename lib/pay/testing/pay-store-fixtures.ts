/**
 * What the PayStore contract's files share: the store maker's type, fresh random ids (so tests
 * on a shared database never collide), an order to insert, a time window of a test's own.
 */
import { randomBytes } from "node:crypto";
import type { NewOrder, PayStore } from "../store";

export type Fresh = () => Promise<PayStore>;

export const id = (prefix = "T"): string => `${prefix}${randomBytes(10).toString("hex")}`;
/** A time window no other test uses: ten days starting at a random hour of 2030–2040. */
export const windowStart = (): number => Date.UTC(2030, 0, 1) + Math.floor(Math.random() * 87_000) * 3_600_000;

export function order(over: Partial<NewOrder> = {}): NewOrder {
  const createdAt = over.createdAt ?? Date.now();
  return { outTradeNo: id(), appId: "wx1", mchid: "1230000109", productId: "coffee", description: "手冲咖啡", amount: 1990, openid: "o-buyer", expiresAt: createdAt + 900_000, createdAt, ...over };
}
