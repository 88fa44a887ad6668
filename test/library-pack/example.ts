/**
 * An app of its own using the packed library (test/library-pack/pack.test.ts copies this file
 * into a scratch project where @wxmp/wechat is installed from its tarball): the menu is
 * created through the API, and the webhook answers a tap on it. Keep it about twenty lines.
 */
import http from "node:http";
import { createBotRouter, createMemoryCredentialStore, createWebhook, createWeChatClient, text } from "@wxmp/wechat";
import { createMenu } from "@wxmp/wechat/api/menu";

const { APP_ID = "", APP_SECRET = "", TOKEN = "", AES_KEY, API_BASE_URL = "", PORT = "0" } = process.env;
const client = createWeChatClient({ appId: APP_ID, appSecret: APP_SECRET, store: createMemoryCredentialStore(), http: { baseUrl: API_BASE_URL } });
await createMenu(client, { button: [{ type: "click", name: "今日推荐", key: "TODAY" }] });

const webhook = createWebhook({
  token: TOKEN,
  appId: APP_ID,
  encodingAESKey: AES_KEY,
  onMessage: createBotRouter({ event: { CLICK: (msg) => text(`你点了 ${msg.eventKey}`) } }),
});
const server = http.createServer(async (req, res) => {
  const readBody = async (max: number) => {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) if ((size += chunk.length) > max) return null; else chunks.push(chunk);
    return Buffer.concat(chunks);
  };
  const out = await webhook.handle({ method: req.method ?? "GET", query: new URL(req.url ?? "/", "http://app").searchParams, readBody });
  res.writeHead(out.status, out.headers).end(out.body);
});
server.listen(Number(PORT), "127.0.0.1", () => console.log("ready"));
