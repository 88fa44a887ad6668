import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { Webhook } from "@wxmp/wechat/webhook/types";
import { accountWebhookRoute, createFastEntry, lastSegment } from "../../server/fast-entry";
import { createPendingWork } from "../../server/pending-work";

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => (s.closeAllConnections(), s.close(resolve)))));
});

const A = "wx00000000000000a1";
const B = "wx00000000000000b2";

/** A webhook that says whose it is. */
const named = (appId: string): Webhook => ({
  async handle(input) {
    return { status: 200, headers: { "content-type": "text/plain" }, body: `${appId}:${input.query.get("echostr") ?? ""}` };
  },
});

async function start() {
  const pending = createPendingWork();
  const looked: string[] = [];
  const nextCalls: string[] = [];
  const route = accountWebhookRoute({
    pending,
    onError: async () => ({ status: 500, headers: {}, body: '{"error":"internal_error"}' }),
    lookup: async (appId) => {
      looked.push(appId);
      if (appId === "wx00000000000000ee") throw new Error("database down");
      return appId === A || appId === B ? { webhook: named(appId) } : { refused: { status: 404, body: "unknown account" } };
    },
  });
  const server = http.createServer(
    createFastEntry({
      routes: { "/api/wechat": async (_req, res) => void res.end("default") },
      prefixRoutes: { "/api/wechat/": route },
      next: (req, res) => (nextCalls.push(req.url ?? ""), req.resume().on("end", () => res.end("from next"))),
    }),
  );
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, looked, nextCalls };
}

describe("fast entry: /api/wechat/{appid} (several accounts)", () => {
  it("answers each account's path with that account's webhook, and /api/wechat with the default's", async () => {
    const { base, looked } = await start();
    expect(await (await fetch(`${base}/api/wechat/${A}?echostr=1`)).text()).toBe(`${A}:1`);
    expect(await (await fetch(`${base}/api/wechat/${B}?echostr=2`, { method: "POST", body: "<xml/>" })).text()).toBe(`${B}:2`);
    expect(await (await fetch(`${base}/api/wechat`)).text()).toBe("default");
    expect(looked).toEqual([A, B]);
  });

  it("refuses an unknown or retired AppID with a short 404 text; a throw is answered by onError, never a stack", async () => {
    const { base } = await start();
    const unknown = await fetch(`${base}/api/wechat/wx0000000000000099`);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toBe("unknown account");
    const failed = await fetch(`${base}/api/wechat/wx00000000000000ee`, { method: "POST", body: "x" });
    expect(failed.status).toBe(500);
    expect(await failed.text()).toBe('{"error":"internal_error"}');
  });

  it("leaves deeper paths and an empty segment to Next", async () => {
    const { base, nextCalls, looked } = await start();
    for (const path of [`/api/wechat/${A}/more`, "/api/wechat/", "/api/wechatx/wx1"]) expect(await (await fetch(base + path)).text()).toBe("from next");
    expect(nextCalls).toEqual([`/api/wechat/${A}/more`, "/api/wechat/", "/api/wechatx/wx1"]);
    expect(looked).toEqual([]);
  });

  it("reads the AppID from the path's last segment, ignoring the query", () => {
    expect(lastSegment(`/api/wechat/${A}?signature=x/y`)).toBe(A);
  });
});
