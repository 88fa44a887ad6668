import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { Webhook, WebhookInput } from "@wxmp/wechat/webhook/types";
import { createFastEntry, createFastEntryServer, endpointRoute, SERVER_TIMEOUTS, webhookRoute, type FastEndpoint } from "../../server/fast-entry";
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

/** The listener on a plain server; with `timeouts`, the fast entry's own server (createFastEntryServer). */
async function start(
  webhook: Webhook,
  onError = async () => ({ status: 500, headers: {}, body: '{"error":"internal_error"}' }),
  timeouts?: http.ServerOptions,
) {
  const pending = createPendingWork();
  const nextCalls: string[] = [];
  const options = {
    routes: { "/api/wechat": webhookRoute({ webhook: () => webhook, pending, onError }) },
    next: (req: http.IncomingMessage, res: http.ServerResponse) => (nextCalls.push(req.url ?? ""), req.resume().on("end", () => res.end("from next"))),
  };
  const server = timeouts ? createFastEntryServer(options, timeouts) : http.createServer(createFastEntry(options));
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

/** Writes raw bytes and collects what comes back until the server closes (or `waitMs` passes). */
function raw(base: string, writes: string[], waitMs = 5000): Promise<{ text: string; closed: boolean; afterMs: number }> {
  const { port } = new URL(base);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), "127.0.0.1");
    let text = "";
    const timer = setTimeout(() => (socket.destroy(), resolve({ text, closed: false, afterMs: Date.now() - started })), waitMs);
    socket.on("data", (chunk) => (text += chunk.toString()));
    socket.on("close", () => (clearTimeout(timer), resolve({ text, closed: true, afterMs: Date.now() - started })));
    socket.on("error", (error: NodeJS.ErrnoException) => (error.code === "ECONNRESET" ? undefined : reject(error)));
    for (const w of writes) socket.write(w);
  });
}

describe("fast entry: what no route takes (issue 21)", () => {
  it("answers an absolute-form target with 400, never passing it to Next (which redirects off-site)", async () => {
    const { base, nextCalls } = await start(recordingWebhook([]));
    for (const target of ["http://evil.example/admin", "https://evil.example/", "*"]) {
      const answer = await raw(base, [`GET ${target} HTTP/1.1\r\nhost: evil.example\r\n\r\n`]);
      expect(answer.text, target).toMatch(/^HTTP\/1\.1 400 /);
    }
    expect(nextCalls).toEqual([]);
  });

  it("refuses a page POST with a 5 MiB body before reading it, and closes the connection", async () => {
    const { base, nextCalls } = await start(recordingWebhook([]));
    const answer = await raw(base, [`POST /admin HTTP/1.1\r\nhost: x\r\ncontent-type: text/plain\r\ncontent-length: ${5 * 1024 * 1024}\r\n\r\n`, "x".repeat(1024)]);
    expect(answer.text).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer.text).toMatch(/connection: close/i);
    expect(answer.closed).toBe(true);
    const chunked = await raw(base, ["POST / HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\n", "400\r\n" + "x".repeat(1024) + "\r\n"]);
    expect(chunked.text).toMatch(/^HTTP\/1\.1 413 /);
    expect(nextCalls).toEqual([]);
  });

  it("passes a small page body, and any body on an API path, to Next", async () => {
    const { base, nextCalls } = await start(recordingWebhook([]));
    expect(await (await fetch(`${base}/admin`, { method: "POST", body: "a=1" })).text()).toBe("from next");
    expect(await (await fetch(`${base}/api/admin/media`, { method: "POST", body: "x".repeat(64 * 1024) })).text()).toBe("from next");
    expect(nextCalls).toEqual(["/admin", "/api/admin/media"]);
  });
});

describe("fast entry server: slow clients", () => {
  it("gives headers 10 s and a whole request 30 s, checked every second", () => {
    const server = createFastEntryServer({
      routes: { "/api/wechat": webhookRoute({ webhook: () => recordingWebhook([]), pending: createPendingWork(), onError: () => ({ status: 500, headers: {}, body: "" }) }) },
      next: () => undefined,
    });
    expect(SERVER_TIMEOUTS).toEqual({ headersTimeout: 10_000, requestTimeout: 30_000, connectionsCheckingInterval: 1_000 });
    expect({ headersTimeout: server.headersTimeout, requestTimeout: server.requestTimeout }).toEqual({ headersTimeout: 10_000, requestTimeout: 30_000 });
  });

  it("answers 408 and closes when the headers or the body come too slowly", async () => {
    const timeouts = { headersTimeout: 300, requestTimeout: 600, connectionsCheckingInterval: 100 };
    const seen: Seen[] = [];
    const { base } = await start(recordingWebhook(seen, 1024), undefined, timeouts);
    const headers = await raw(base, ["GET /admin HTTP/1.1\r\nhost: x\r\n"]);
    expect(headers).toMatchObject({ closed: true });
    expect(headers.text).toMatch(/^HTTP\/1\.1 408 /);
    expect(headers.afterMs).toBeLessThan(2000);
    const body = await raw(base, ["POST /api/wechat HTTP/1.1\r\nhost: x\r\ncontent-length: 100\r\n\r\n", "x"]);
    expect(body).toMatchObject({ closed: true });
    expect(body.afterMs).toBeLessThan(3000);
  });

  it("an endpoint route (pay's notifications): its answer sent, null forwarded to Next, a throw answered by onError, late work kept", async () => {
    const pending = createPendingWork();
    const forwarded: string[] = [];
    let late: () => void = () => undefined;
    const endpoint: FastEndpoint = async (input, keep) => {
      if (input.query.get("off") !== null) return null; // before reading: Next gets the body
      const body = Buffer.from((await input.readBody(64)) ?? "").toString();
      if (body === "boom") throw new Error("bad configuration");
      keep.waitUntil(new Promise<void>((resolve) => (late = resolve)));
      return { status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify({ got: body, sig: input.headers["wechatpay-signature"] }) };
    };
    const next = (req: http.IncomingMessage, res: http.ServerResponse) => {
      forwarded.push(req.url ?? "");
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString())).on("end", () => res.end(`from next: ${body}`));
    };
    const onError = () => ({ status: 500, headers: {}, body: '{"error":"internal_error"}' });
    const server = http.createServer(createFastEntry({ routes: { "/api/pay/notify": endpointRoute(endpoint, { pending, onError, next }) }, next }));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/pay/notify`;
    const answered = await fetch(url, { method: "POST", body: "paid", headers: { "wechatpay-signature": "s1" } });
    expect([answered.status, await answered.json()]).toEqual([200, { got: "paid", sig: "s1" }]);
    expect(answered.headers.get("cache-control")).toBe("no-store");
    expect(pending.size).toBe(1);
    late();
    expect(await pending.drain(1000)).toBe(true);
    expect(await (await fetch(`${url}?off`, { method: "POST", body: "paid" })).text()).toBe("from next: paid");
    expect(forwarded).toEqual(["/api/pay/notify?off"]);
    const failed = await fetch(url, { method: "POST", body: "boom" });
    expect([failed.status, await failed.text()]).toEqual([500, '{"error":"internal_error"}']);
  });
});
