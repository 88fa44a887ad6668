/**
 * A stand-in for the app's notify URL in the pay group's tests: keeps every request (headers and
 * raw body) and answers what the test says — 204 by default, or a status per call.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedNotification {
  headers: Record<string, string>;
  body: string;
  at: number;
}

export interface PayReceiver {
  url: string;
  received: ReceivedNotification[];
  /** Statuses for the next calls, in order; then `status`. */
  script: number[];
  status: number;
  /** Resolves when `count` notifications have arrived (rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedNotification[]>;
  reset(): void;
  close(): Promise<void>;
}

export async function startPayReceiver(): Promise<PayReceiver> {
  const receiver = { url: "", received: [] as ReceivedNotification[], script: [] as number[], status: 204 } as PayReceiver;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : v ?? ""]));
      receiver.received.push({ headers, body: Buffer.concat(chunks).toString("utf8"), at: Date.now() });
      const status = receiver.script.shift() ?? receiver.status;
      if (status === 204) res.writeHead(204).end();
      else res.writeHead(status, { "content-type": "application/json" }).end(status === 200 ? "" : JSON.stringify({ code: "FAIL", message: "test says no" }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/pay/notify`;
  receiver.waitFor = async (count, timeoutMs = 5000) => {
    const deadline = Date.now() + timeoutMs;
    while (receiver.received.length < count) {
      if (Date.now() > deadline) throw new Error(`waited for ${count} notifications, got ${receiver.received.length}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return receiver.received;
  };
  receiver.reset = () => {
    receiver.received = [];
    receiver.script = [];
    receiver.status = 204;
  };
  receiver.close = () => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  };
  return receiver;
}
