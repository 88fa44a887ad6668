/**
 * One HTTP exchange with the app's server URL, dropping the connection at
 * the deadline exactly as WeChat does (no graceful abort, no keep-alive).
 */
import http from "node:http";
import https from "node:https";

export interface ExchangeResult {
  status: number | null;
  body?: string;
  error?: string;
  ms: number;
}

const MAX_REPLY_BYTES = 1024 * 1024;

/** `headers` replace the defaults (WeChat Pay's notifications are JSON with signature headers). */
export function exchange(url: URL, method: "GET" | "POST", body: string | undefined, timeoutMs: number, headers: Record<string, string> = {}): Promise<ExchangeResult> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: Omit<ExchangeResult, "ms">): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, ms: elapsed() });
    };
    const transport = url.protocol === "https:" ? https : http;
    const sent: Record<string, string> = { "user-agent": "Mozilla/4.0", accept: "*/*", connection: "close" };
    if (body !== undefined) {
      sent["content-type"] = "text/xml";
      sent["content-length"] = String(Buffer.byteLength(body));
    }
    const req = transport.request(url, { method, headers: { ...sent, ...headers }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_REPLY_BYTES) chunks.push(chunk);
      });
      res.on("end", () => finish({ status: res.statusCode ?? null, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", (error) => finish({ status: null, error: (error as NodeJS.ErrnoException).code ?? error.message }));
    });
    const timer = setTimeout(() => {
      // WeChat hangs up at the deadline and tries again.
      req.destroy();
      finish({ status: null, error: "timeout" });
    }, timeoutMs);
    req.on("error", (error) => finish({ status: null, error: (error as NodeJS.ErrnoException).code ?? error.message }));
    if (body !== undefined) req.write(body);
    req.end();
  });
}
