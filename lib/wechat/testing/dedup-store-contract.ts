/**
 * Behaviour every DedupStore must have (the webhook's exactly-once guarantee depends on
 * nothing else). Register it from a test file:
 *
 *   describeDedupStoreContract("memory", () => createMemoryDedupStore());
 *   describeDedupStoreContract("sqlite", async () => openSqliteWebhookStores(file).dedup);
 *
 * Each test uses its own random keys, so a shared database needs no cleanup.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { text } from "../reply";
import type { DedupStore } from "../webhook/dedup";
import { handleWebRequest } from "../webhook/web-adapter";
import { createWebhook } from "../webhook/webhook";

const T0 = 1_700_000_000_000;
const LEASE = 10_000;
const TTL = 300_000;
const newKey = () => `dedup-${Math.random().toString(36).slice(2)}`;

/** The webhook over `store`, every push delivered three times at once, as WeChat's retries can land. */
async function webhookUnderLoad(store: DedupStore): Promise<void> {
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
    ).then(async (response) => ({ msgId, status: response.status, body: await response.text() }));
  const answers = await Promise.all(msgIds.flatMap((id) => [deliver(id), deliver(id), deliver(id)]));

  expect(answers.every((a) => a.status === 200)).toBe(true);
  expect([...runs.values()]).toEqual(msgIds.map(() => 1));
  for (const id of msgIds) {
    const bodies = new Set(answers.filter((a) => a.msgId === id).map((a) => a.body));
    expect(bodies.size).toBe(1);
    expect([...bodies][0]).toContain(`echo m${id} `);
  }
}

/** Database stores write concurrent calls together (group commit): each call still gets its own answer. */
function concurrentCases(makeStore: () => DedupStore | Promise<DedupStore>): void {
  it("answers concurrent claims each by its own record: new, duplicate, live, abandoned, expired, done", async () => {
    const store = await makeStore();
    const [fresh, live, abandoned, expired, done] = [newKey(), newKey(), newKey(), newKey(), newKey()];
    await Promise.all([live, abandoned, expired, done].map((key) => store.claim(key, T0, LEASE, TTL)));
    await store.complete(done, "<xml>first</xml>");
    await store.complete(expired, "<xml>old</xml>");
    await store.recordLate(expired, { sentAt: T0 + 1 });
    // Different clocks at once: each claim is judged by its own `now`.
    const answers = await Promise.all([
      store.claim(fresh, T0, LEASE, TTL),
      store.claim(fresh, T0, LEASE, TTL),
      store.claim(live, T0 + LEASE - 1, LEASE, TTL),
      store.claim(abandoned, T0 + LEASE + 1, LEASE, TTL),
      store.claim(expired, T0 + TTL + 1, LEASE, TTL),
      store.claim(done, T0 + LEASE + 1, LEASE, TTL),
    ]);
    expect(answers).toEqual([true, false, false, true, true, false]);
    expect(await store.get(abandoned)).toMatchObject({ status: "running", leaseUntil: T0 + LEASE + 1 + LEASE });
    // A taken-over record starts clean: no reply or late-delivery outcome of the old push.
    const taken = await store.get(expired);
    expect(taken).toMatchObject({ status: "running", reply: null, expiresAt: T0 + TTL + 1 + TTL });
    expect(taken?.late).toBeUndefined();
    expect(await store.get(done)).toMatchObject({ status: "done", reply: "<xml>first</xml>" });
  });

  it("stores every reply of concurrent completions against its own key, null included", async () => {
    const store = await makeStore();
    const keys = Array.from({ length: 12 }, newKey);
    await Promise.all(keys.map((key) => store.claim(key, T0, LEASE, TTL)));
    const replyOf = (i: number) => (i % 3 === 0 ? null : `<xml><n>${i}</n>'quote' ]]></xml>`);
    await Promise.all(keys.map((key, i) => store.complete(key, replyOf(i))));
    for (const [i, key] of keys.entries()) expect(await store.get(key)).toMatchObject({ status: "done", reply: replyOf(i) });
  });

  it("under the webhook, 40 pushes × 3 concurrent deliveries → 40 bot runs, each push's three answers identical", async () => {
    await webhookUnderLoad(await makeStore());
  });
}

export function describeDedupStoreContract(name: string, makeStore: () => DedupStore | Promise<DedupStore>): void {
  describe(`DedupStore contract: ${name}`, () => {
    it("lets exactly one of many concurrent claimers own a key", async () => {
      const store = await makeStore();
      const key = newKey();
      const results = await Promise.all(Array.from({ length: 8 }, () => store.claim(key, T0, LEASE, TTL)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.get(key)).toMatchObject({ key, status: "running", reply: null, leaseUntil: T0 + LEASE, expiresAt: T0 + TTL });
    });

    it("keeps the stored reply for retries once done, and refuses new claims", async () => {
      const store = await makeStore();
      const key = newKey();
      expect(await store.claim(key, T0, LEASE, TTL)).toBe(true);
      await store.complete(key, "<xml>reply</xml>");
      expect(await store.claim(key, T0 + LEASE + 1, LEASE, TTL)).toBe(false);
      expect(await store.get(key)).toMatchObject({ status: "done", reply: "<xml>reply</xml>" });
    });

    it("lets a retry take over a running record whose owner's lease ran out, but not a deferred one", async () => {
      const store = await makeStore();
      const dead = newKey();
      expect(await store.claim(dead, T0, LEASE, TTL)).toBe(true);
      expect(await store.claim(dead, T0 + LEASE - 1, LEASE, TTL)).toBe(false);
      expect(await store.claim(dead, T0 + LEASE + 1, LEASE, TTL)).toBe(true);

      const deferred = newKey();
      expect(await store.claim(deferred, T0, LEASE, TTL)).toBe(true);
      await store.defer(deferred);
      expect(await store.claim(deferred, T0 + LEASE + 1, LEASE, TTL)).toBe(false);
      expect((await store.get(deferred))?.status).toBe("deferred");
    });

    it("purges expired records and lets the key be claimed afresh", async () => {
      const store = await makeStore();
      const key = newKey();
      expect(await store.claim(key, T0, LEASE, TTL)).toBe(true);
      await store.complete(key, null);
      expect(await store.claim(key, T0 + TTL + 1, LEASE, TTL)).toBe(true);
      expect(await store.get(key)).toMatchObject({ status: "running", reply: null });
      const old = newKey();
      await store.claim(old, T0 - 2 * TTL, LEASE, TTL);
      expect(await store.purgeExpired(T0)).toBeGreaterThanOrEqual(1);
      expect(await store.get(old)).toBeNull();
      expect(await store.get(key)).not.toBeNull();
    });

    concurrentCases(makeStore);

    it("records a late delivery's outcome on the push's record (sent, or why not)", async () => {
      const store = await makeStore();
      const [sent, failed] = [newKey(), newKey()];
      for (const key of [sent, failed]) {
        expect(await store.claim(key, T0, LEASE, TTL)).toBe(true);
        await store.defer(key);
      }
      await store.recordLate(sent, { sentAt: T0 + 6_000 });
      await store.recordLate(failed, { error: "45015 response out of time limit" });
      expect(await store.get(sent)).toMatchObject({ status: "deferred", late: { sentAt: T0 + 6_000 } });
      expect(await store.get(failed)).toMatchObject({ status: "deferred", late: { error: "45015 response out of time limit" } });
      // A record purged meanwhile is not resurrected by a late outcome.
      await store.purgeExpired(T0 + 2 * TTL);
      await store.recordLate(sent, { sentAt: T0 + 7_000 });
      expect(await store.get(sent)).toBeNull();
    });
  });
}
