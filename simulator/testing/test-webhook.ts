/** A stand-in for the app's webhook in simulator tests: answers every push and keeps what it got. */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface TestWebhook {
  url: string;
  received: number;
  /** The request bodies, in order. */
  bodies: string[];
  /** The request targets (path and query: signature, timestamp, nonce…), in order. */
  urls: string[];
  /** The body to answer with; "success" by default. */
  reply: string;
  close(): Promise<void>;
}

export async function startTestWebhook(): Promise<TestWebhook> {
  const hook: TestWebhook = { url: "", received: 0, bodies: [], urls: [], reply: "success", close: async () => undefined };
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      hook.received++;
      hook.bodies.push(body);
      hook.urls.push(req.url ?? "");
      res.writeHead(200, { "content-type": "text/xml" });
      res.end(hook.reply);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  hook.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/wechat`;
  hook.close = () => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  };
  return hook;
}
