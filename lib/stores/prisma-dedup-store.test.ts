import { createHash } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { text } from "@/lib/wechat/reply";
import { describeDedupStoreContract } from "@/lib/wechat/testing/dedup-store-contract";
import { handleWebRequest } from "@/lib/wechat/webhook/web-adapter";
import { createWebhook } from "@/lib/wechat/webhook/webhook";
import { openTestDb, usingPostgres } from "@/test/test-db";
import { createPrismaDedupStore } from "./prisma-dedup-store";

const opened = openTestDb();
afterAll(async () => (await opened).db.$disconnect());

const T0 = 1_700_000_000_000;
const LEASE = 10_000;
const TTL = 300_000;
const newKey = () => `dedup-${Math.random().toString(36).slice(2)}`;

// The shared contract (lib/wechat/testing), on this test run's database.
describeDedupStoreContract(usingPostgres() ? "prisma (postgresql)" : "prisma (sqlite)", async () =>
  createPrismaDedupStore((await opened).db),
);

// The database store writes the claims (and completions) of concurrent pushes as one
// statement; these check that batching keeps every claim's own answer.
describe(`createPrismaDedupStore batches (${usingPostgres() ? "postgresql" : "sqlite"})`, () => {
  it("gives each of many concurrent keys exactly one owner, duplicates in the same batch included", async () => {
    const store = createPrismaDedupStore((await opened).db);
    const keys = Array.from({ length: 30 }, newKey);
    const claims = keys.flatMap((key) => [key, key, key]).map((key) => store.claim(key, T0, LEASE, TTL).then((owned) => ({ key, owned })));
    const results = await Promise.all(claims);
    for (const key of keys) expect(results.filter((r) => r.key === key && r.owned)).toHaveLength(1);
    expect(results.filter((r) => r.owned)).toHaveLength(keys.length);
  });

  it("answers each claim of a mixed batch by its own record: new, live, abandoned, expired, done", async () => {
    const { db } = await opened;
    const store = createPrismaDedupStore(db);
    const [fresh, live, abandoned, expired, done] = [newKey(), newKey(), newKey(), newKey(), newKey()];
    await Promise.all([live, abandoned, expired, done].map((key) => store.claim(key, T0, LEASE, TTL)));
    await store.complete(done, "<xml>first</xml>");
    await store.complete(expired, "<xml>old</xml>");
    await db.webhookDelivery.updateMany({ where: { key: expired }, data: { lateSentAt: new Date(T0), lateError: "x" } });
    // Different clocks in one batch: each claim is judged by its own `now`.
    const answers = await Promise.all([
      store.claim(fresh, T0, LEASE, TTL),
      store.claim(live, T0 + LEASE - 1, LEASE, TTL),
      store.claim(abandoned, T0 + LEASE + 1, LEASE, TTL),
      store.claim(expired, T0 + TTL + 1, LEASE, TTL),
      store.claim(done, T0 + LEASE + 1, LEASE, TTL),
    ]);
    expect(answers).toEqual([true, false, true, true, false]);
    expect(await store.get(abandoned)).toMatchObject({ status: "running", leaseUntil: T0 + LEASE + 1 + LEASE });
    // A taken-over record starts clean: no reply or late-delivery outcome of the old push.
    expect(await store.get(expired)).toMatchObject({ status: "running", reply: null, expiresAt: T0 + TTL + 1 + TTL });
    const row = await db.webhookDelivery.findUnique({ where: { key: expired } });
    expect([row?.lateSentAt, row?.lateError]).toEqual([null, null]);
    expect(await store.get(done)).toMatchObject({ status: "done", reply: "<xml>first</xml>" });
  });

  it("stores every reply of a batch of completions against its own key, null included", async () => {
    const store = createPrismaDedupStore((await opened).db);
    const keys = Array.from({ length: 12 }, newKey);
    await Promise.all(keys.map((key) => store.claim(key, T0, LEASE, TTL)));
    const replyOf = (i: number) => (i % 3 === 0 ? null : `<xml><n>${i}</n>'quote' ]]></xml>`);
    await Promise.all(keys.map((key, i) => store.complete(key, replyOf(i))));
    for (const [i, key] of keys.entries()) {
      expect(await store.get(key)).toMatchObject({ status: "done", reply: replyOf(i) });
    }
  });
});

// The webhook over the database store with many pushes in flight at once — the situation group
// commit is for: every push's bot runs once, and every retry gets its first delivery's reply.
describe(`webhook over createPrismaDedupStore, many pushes at once (${usingPostgres() ? "postgresql" : "sqlite"})`, () => {
  it("40 pushes × 3 concurrent deliveries → 40 bot runs, each push's three answers identical", async () => {
    const store = createPrismaDedupStore((await opened).db);
    const token = "loadtoken";
    const now = Date.now();
    const timestamp = String(Math.floor(now / 1000));
    // Signature per the protocol notes: sha1 of the sorted token, timestamp and nonce. One
    // nonce per push, as WeChat does (a query reused for another body is refused as a replay).
    const sign = (nonce: string) => createHash("sha1").update([token, timestamp, nonce].sort().join("")).digest("hex");
    const runs = new Map<string, number>();
    const webhook = createWebhook({
      token,
      appId: "wxload0000000001",
      dedup: store,
      onMessage: async (msg) => {
        if (msg.type !== "text") return null;
        runs.set(msg.msgId, (runs.get(msg.msgId) ?? 0) + 1);
        await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20));
        return text(`echo ${msg.content} ${Math.random()}`); // a rerun would answer differently
      },
    });
    const prefix = `${now}${Math.floor(Math.random() * 1e6)}`;
    const msgIds = Array.from({ length: 40 }, (_, i) => `${prefix}${String(i).padStart(3, "0")}`);
    const deliver = (msgId: string) =>
      handleWebRequest(
          webhook,
          new Request(`https://mp.example.com/api/wechat?signature=${sign(msgId)}&timestamp=${timestamp}&nonce=${msgId}`, {
            method: "POST",
            body: `<xml><ToUserName><![CDATA[gh_load]]></ToUserName><FromUserName><![CDATA[oLoadUser]]></FromUserName><CreateTime>${timestamp}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[m${msgId}]]></Content><MsgId>${msgId}</MsgId></xml>`,
          }),
        )
        .then(async (response) => ({ msgId, status: response.status, body: await response.text() }));
    const answers = await Promise.all(msgIds.flatMap((id) => [deliver(id), deliver(id), deliver(id)]));

    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect([...runs.values()]).toEqual(msgIds.map(() => 1));
    for (const id of msgIds) {
      const bodies = new Set(answers.filter((a) => a.msgId === id).map((a) => a.body));
      expect(bodies.size).toBe(1);
      expect([...bodies][0]).toContain(`echo m${id} `);
    }
  });
});
