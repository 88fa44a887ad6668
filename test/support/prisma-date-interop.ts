/**
 * The webhook's stores write WebhookDelivery's dates themselves (not through Prisma). They must
 * be what Prisma writes: Prisma reads our rows (the console), and we read and compare its rows.
 */
import { expect } from "vitest";
import type { Db } from "@/lib/db/client";
import type { DedupStore } from "@wxmp/wechat/webhook/dedup";

const T0 = 1_700_000_000_123;
const LEASE = 10_000;
const TTL = 300_000;

export async function expectPrismaDateInterop(db: Db, dedup: DedupStore): Promise<void> {
  const newKey = () => `dates-${Math.random().toString(36).slice(2)}`;
  const key = newKey();
  await dedup.claim(key, T0, LEASE, TTL);
  await dedup.recordLate(key, { sentAt: T0 + 7 });
  const row = await db.webhookDelivery.findUnique({ where: { key } });
  expect([row?.leaseUntil.getTime(), row?.expiresAt.getTime(), row?.lateSentAt?.getTime()]).toEqual([T0 + LEASE, T0 + TTL, T0 + 7]);
  // And the other way round: a row Prisma wrote is read and compared correctly.
  const prismaKey = newKey();
  await db.webhookDelivery.create({
    data: { key: prismaKey, status: "running", leaseUntil: new Date(T0 + LEASE), expiresAt: new Date(T0 + TTL), createdAt: new Date(T0) },
  });
  expect(await dedup.get(prismaKey)).toMatchObject({ leaseUntil: T0 + LEASE, expiresAt: T0 + TTL });
  expect(await dedup.claim(prismaKey, T0 + LEASE - 1, LEASE, TTL)).toBe(false);
  expect(await dedup.claim(prismaKey, T0 + LEASE + 1, LEASE, TTL)).toBe(true);
}
