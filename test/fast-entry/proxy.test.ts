/**
 * The front's forwarding to the page process (server/proxy.ts), over real sockets: a fake "Next"
 * on a Unix socket behind the fast entry's listener on TCP. Streaming both ways, large bodies,
 * headers (repeats, hop-by-hop, the peer header), status codes, Set-Cookie ×n, HEAD, 304,
 * keep-alive, a client that leaves, a page process that is down or dies mid-answer.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import net, { type AddressInfo } from "node:net";
import { networkInterfaces, tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { peerAddress, trackPeerAddresses } from "../../lib/http/peer-address";
import { createFastEntryServer, webhookRoute } from "../../server/fast-entry";
import { createPendingWork } from "../../server/pending-work";
import { createPageAgent, createPageProxy, PEER_HEADER } from "../../server/proxy";

const outward = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === "IPv4" && !a.internal)?.address;

type PageHandler = (req: IncomingMessage, res: ServerResponse) => void;
let pageHandler: PageHandler = (_req, res) => res.end("page");
let pageConnections = 0;
let ready = true;
const dir = mkdtempSync(path.join(tmpdir(), "proxy-test-"));
const socketPath = path.join(dir, "next.sock");
const page = http.createServer((req, res) => pageHandler(req, res));
page.on("connection", () => pageConnections++);
const agent = createPageAgent();
const webhookCalls: string[] = [];
const front = createFastEntryServer({
  routes: {
    "/api/wechat": webhookRoute({
      webhook: () => ({
        async handle(input) {
          webhookCalls.push(input.method);
          return { status: 200, headers: { "content-type": "text/plain" }, body: "success" };
        },
      }),
      pending: createPendingWork(),
      onError: () => ({ status: 500, headers: {}, body: "" }),
    }),
  },
  next: createPageProxy({ socketPath, agent, ready: async () => ready }),
});
let base = "";
let frontPort = 0;

beforeAll(async () => {
  // As the page process does (before Next), in this one process: the front's TCP server and the
  // fake page's Unix socket both publish their requests; the header counts on the latter only.
  trackPeerAddresses({ fromHeader: PEER_HEADER });
  await new Promise<void>((resolve) => page.listen(socketPath, resolve));
  await new Promise<void>((resolve) => front.listen(0, "0.0.0.0", resolve));
  frontPort = (front.address() as AddressInfo).port;
  base = `http://127.0.0.1:${frontPort}`;
});
afterEach(() => {
  pageHandler = (_req, res) => res.end("page");
  ready = true;
});
afterAll(async () => {
  agent.destroy();
  for (const s of [front, page]) await new Promise((resolve) => (s.closeAllConnections(), s.close(resolve)));
  rmSync(dir, { recursive: true, force: true });
});

/** A raw HTTP/1.1 exchange (fetch hides repeats, HEAD bodies and hop-by-hop headers). */
function raw(request: string, { host = "127.0.0.1", until = (s: string) => s.includes("\r\n\r\n") } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(frontPort, host);
    let text = "";
    socket.on("data", (chunk) => {
      text += chunk.toString("latin1");
      if (!until(text)) return;
      socket.destroy();
      resolve(text);
    });
    socket.on("end", () => resolve(text));
    socket.on("error", reject);
    socket.write(request);
  });
}

describe("fast entry → page process", () => {
  it("keeps status, statusText, every Set-Cookie and the body; passes request headers with repeats, minus hop-by-hop", async () => {
    let seen: IncomingMessage | undefined;
    pageHandler = (req, res) => {
      seen = req;
      res.writeHead(418, "Short And Stout", [
        ["set-cookie", "a=1; Path=/"],
        ["set-cookie", "b=2; Path=/; HttpOnly"],
        ["x-page", "yes"],
        ["Keep-Alive", "timeout=65"],
      ].flat());
      res.end("teapot");
    };
    const answer = await raw(
      "GET /somewhere?q=1 HTTP/1.1\r\nHost: example.test\r\nX-Dup: one\r\nX-Dup: two\r\nConnection: keep-alive, X-Secret-Hop\r\nX-Secret-Hop: 1\r\nTE: trailers\r\n\r\n",
      { until: (s) => s.includes("teapot") },
    );
    expect(answer).toMatch(/^HTTP\/1\.1 418 Short And Stout\r\n/);
    expect(answer.match(/^set-cookie: .*$/gim)).toEqual(["set-cookie: a=1; Path=/", "set-cookie: b=2; Path=/; HttpOnly"]);
    expect(answer).toMatch(/^x-page: yes$/im);
    expect(answer).not.toMatch(/timeout=65/); // the page connection's keep-alive is not the client's
    expect(seen?.url).toBe("/somewhere?q=1");
    expect(seen?.headers.host).toBe("example.test");
    expect(seen?.rawHeaders.filter((_, i, all) => all[i - 1] === "X-Dup")).toEqual(["one", "two"]);
    expect(seen?.headers["x-secret-hop"]).toBeUndefined();
    expect(seen?.headers.te).toBeUndefined();
    expect(seen?.headers["x-forwarded-for"]).toBe("127.0.0.1");
  });

  it("streams the answer: the first chunk reaches the client while the page is still writing", async () => {
    let finish: () => void = () => undefined;
    pageHandler = (_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.write("<p>shell</p>");
      finish = () => res.end("<p>rest</p>");
    };
    const res = await fetch(`${base}/streamed`);
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(Buffer.from(first.value!).toString()).toBe("<p>shell</p>");
    finish();
    let rest = "";
    for (let r = await reader.read(); !r.done; r = await reader.read()) rest += Buffer.from(r.value).toString();
    expect(rest).toBe("<p>rest</p>");
  });

  it("streams a large request body to an API route both ways, byte for byte (8 MiB, chunked)", async () => {
    let firstChunkBeforeEnd = false;
    let clientDone = false;
    pageHandler = (req, res) => {
      const hash = createHash("sha256");
      let size = 0;
      req.once("data", () => (firstChunkBeforeEnd = !clientDone));
      req.on("data", (chunk: Buffer) => (hash.update(chunk), (size += chunk.length)));
      req.on("end", () => {
        res.setHeader("content-type", "application/octet-stream");
        // Echo back as much as was received, to check the answer path with a large body too.
        res.end(Buffer.concat([Buffer.from(`${size}:${hash.digest("hex")}\n`), Buffer.alloc(size, 7)]));
      });
    };
    const block = Buffer.alloc(512 * 1024, 0x61);
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        for (let i = 0; i < 16; i++) {
          controller.enqueue(block);
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        clientDone = true;
        controller.close();
      },
    });
    const res = await fetch(`${base}/api/admin/media/upload`, { method: "POST", body, duplex: "half" } as RequestInit);
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    const newline = bytes.indexOf(10);
    const expected = createHash("sha256").update(Buffer.concat(Array.from({ length: 16 }, () => block))).digest("hex");
    expect(bytes.subarray(0, newline).toString()).toBe(`${16 * block.length}:${expected}`);
    expect(bytes.length - newline - 1).toBe(16 * block.length);
    expect(firstChunkBeforeEnd).toBe(true);
  });

  it("a page that answers before reading the body (413 on a 2 MiB JSON body) is answered as such, and the entry keeps serving", async () => {
    pageHandler = (_req, res) => void res.writeHead(413, { "content-type": "application/json" }).end('{"error":"body_too_large"}');
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${base}/api/admin/menu`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ pad: "x".repeat(2 * 1024 * 1024) }) });
      expect(res.status).toBe(413);
      expect(await res.json()).toEqual({ error: "body_too_large" });
    }
    // Still serving, with fresh connections.
    pageHandler = (_req, res) => res.end("page");
    expect(await (await fetch(`${base}/after`)).text()).toBe("page");
  });

  it("HEAD keeps the length without a body; 304 carries no body; a redirect keeps its Location", async () => {
    pageHandler = (req, res) => {
      if (req.url === "/cached" && req.headers["if-none-match"] === '"v1"') return void res.writeHead(304, { etag: '"v1"' }).end();
      if (req.url === "/old") return void res.writeHead(307, { location: "/new" }).end();
      res.writeHead(200, { "content-length": "5", etag: '"v1"' }).end(req.method === "HEAD" ? undefined : "hello");
    };
    const head = await raw("HEAD /cached HTTP/1.1\r\nHost: x\r\n\r\n");
    expect(head).toMatch(/^HTTP\/1\.1 200 /);
    expect(head).toMatch(/^content-length: 5$/im);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const notModified = await fetch(`${base}/cached`, { headers: { "if-none-match": '"v1"' } });
    expect(notModified.status).toBe(304);
    expect(await notModified.text()).toBe("");
    const redirect = await fetch(`${base}/old`, { redirect: "manual" });
    expect([redirect.status, redirect.headers.get("location")]).toEqual([307, "/new"]);
  });

  it("reuses its connections to the page process (keep-alive)", async () => {
    const before = pageConnections;
    for (let i = 0; i < 20; i++) expect(await (await fetch(`${base}/p${i}`)).text()).toBe("page");
    expect(pageConnections - before).toBeLessThanOrEqual(1);
  });

  it("names the client's socket address to the page in the private header, never the client's own claim", async () => {
    expect(outward, "this machine has no non-loopback IPv4 address to test with").toBeDefined();
    let seen: { header?: string | string[]; peer?: string; xff?: string | string[] } = {};
    pageHandler = async (req, res) => {
      await new Promise((resolve) => setTimeout(resolve, 2)); // read later, as a route handler does
      seen = { header: req.headers[PEER_HEADER], peer: peerAddress(), xff: req.headers["x-forwarded-for"] };
      res.end("ok");
    };
    await fetch(`http://${outward}:${frontPort}/admin`, { headers: { [PEER_HEADER]: "127.0.0.1", "x-forwarded-for": "127.0.0.1" } });
    expect(seen).toEqual({ header: outward, peer: outward, xff: "127.0.0.1" });
    // On TCP the header is nobody's word: sent straight to a server, the socket's address wins.
    const direct = http.createServer((_req, res) => res.end(peerAddress() ?? "none"));
    await new Promise<void>((resolve) => direct.listen(0, "0.0.0.0", resolve));
    const port = (direct.address() as AddressInfo).port;
    expect(await (await fetch(`http://${outward}:${port}/`, { headers: { [PEER_HEADER]: "127.0.0.1" } })).text()).toBe(outward);
    await new Promise((resolve) => (direct.closeAllConnections(), direct.close(resolve)));
  });

  it("webhook pushes never reach the page process; page bodies are refused before forwarding", async () => {
    let reached = 0;
    pageHandler = (_req, res) => (reached++, res.end("page"));
    const push = await fetch(`${base}/api/wechat?signature=x`, { method: "POST", body: "<xml/>" });
    expect([push.status, await push.text()]).toEqual([200, "success"]);
    const refused = await fetch(`${base}/some-page`, { method: "POST", body: "x".repeat(4096) });
    expect(refused.status).toBe(413);
    expect(reached).toBe(0);
    expect(webhookCalls).toContain("POST");
  });

  it("a client that leaves ends the page's request too", async () => {
    let closedUpstream: () => void = () => undefined;
    const closed = new Promise<void>((resolve) => (closedUpstream = resolve));
    pageHandler = (_req, res) => {
      res.writeHead(200).write("partial");
      res.once("close", () => closedUpstream());
    };
    await raw("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n", { until: (s) => s.includes("partial") });
    await closed; // would time out if the upstream request were left open
  });

  it("503 while the page process is not ready; 502 when it does not answer; a cut answer is not passed off as whole", async () => {
    ready = false;
    const waiting = await fetch(`${base}/`);
    expect([waiting.status, await waiting.text()]).toEqual([503, "service unavailable"]);
    ready = true;
    pageHandler = (req) => req.socket.destroy();
    expect((await fetch(`${base}/`)).status).toBe(502);
    pageHandler = (_req, res) => {
      res.writeHead(200, { "content-length": "100" }).write("half");
      setTimeout(() => res.socket?.destroy(), 20);
    };
    await expect(fetch(`${base}/`).then((r) => r.text())).rejects.toThrow();
  });
});
