import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { Webhook, WebhookInput } from "../../lib/wechat/webhook/types";
import { createFastEntry } from "../../server/fast-entry";
import { createPendingWork } from "../../server/pending-work";

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => (s.closeAllConnections(), s.close(resolve)))));
});

type Seen = { method: string; query: string; contentLength?: number; body: string | null };

/** A fake webhook recording what the adapter handed it; reads the body with the given limit. */
function recordingWebhook(seen: Seen[], maxBytes = 64, late?: Promise<unknown>): Webhook {
  return {
    async handle(input: WebhookInput, ctx) {
      const body = await input.readBody(maxBytes);
      seen.push({ method: input.method, query: input.query.toString(), contentLength: input.contentLength, body: body && Buffer.from(body).toString() });
      if (late) ctx?.waitUntil?.(late);
      return { status: body === null ? 413 : 200, headers: { "content-type": "text/plain" }, body: body === null ? "too large" : "ok" };
    },
  };
}

async function start(webhook: Webhook, onError = async () => ({ status: 500, headers: {}, body: '{"error":"internal_error"}' })) {
  const pending = createPendingWork();
  const nextCalls: string[] = [];
  const server = http.createServer(
    createFastEntry({
      webhook: () => webhook,
      next: (req, res) => (nextCalls.push(req.url ?? ""), res.end("from next")),
      pending,
      onError,
    }),
  );
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, pending, nextCalls };
}

describe("fast entry (node:http → Webhook)", () => {
  it("answers /api/wechat from the webhook with the query, declared length and body; other paths go to Next", async () => {
    const seen: Seen[] = [];
    const { base, nextCalls } = await start(recordingWebhook(seen));
    const res = await fetch(`${base}/api/wechat?signature=s&nonce=n%20x`, { method: "POST", body: "<xml/>" });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("ok");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(seen).toEqual([{ method: "POST", query: "signature=s&nonce=n+x", contentLength: 6, body: "<xml/>" }]);
    for (const path of ["/", "/api/wechatx", "/api/health?x=1", "/api/wechat/more"]) expect(await (await fetch(base + path)).text()).toBe("from next");
    expect(nextCalls).toEqual(["/", "/api/wechatx", "/api/health?x=1", "/api/wechat/more"]);
  });

  it("stops reading a body past the limit (chunked, no Content-Length) and closes the connection", async () => {
    const seen: Seen[] = [];
    const { base } = await start(recordingWebhook(seen, 64));
    const status = await new Promise<{ status?: number; connection?: string }>((resolve, reject) => {
      const req = http.request(`${base}/api/wechat`, { method: "POST" }, (res) => {
        res.resume();
        resolve({ status: res.statusCode, connection: res.headers.connection });
      });
      req.on("error", reject);
      req.write("x".repeat(100)); // chunked; the rest never comes, and is not waited for
    });
    expect(status).toEqual({ status: 413, connection: "close" });
    expect(seen[0]).toMatchObject({ contentLength: undefined, body: null });
  });

  it("keeps a late reply's work in the pending list until it settles", async () => {
    let finish!: () => void;
    const late = new Promise<void>((resolve) => (finish = resolve));
    const { base, pending } = await start(recordingWebhook([], 64, late));
    expect((await fetch(`${base}/api/wechat`, { method: "POST", body: "a" })).status).toBe(200);
    expect(pending.size).toBe(1);
    finish();
    expect(await pending.drain(1000)).toBe(true);
  });

  it("a webhook that throws is answered by onError, never with a stack", async () => {
    const failing: Webhook = { handle: () => Promise.reject(new Error("WECHAT_TOKEN missing at /secret/path")) };
    const { base } = await start(failing);
    const res = await fetch(`${base}/api/wechat`);
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('{"error":"internal_error"}');
  });
});
