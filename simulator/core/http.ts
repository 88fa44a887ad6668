/** Small request/response helpers over node:http (no framework). */
import type { IncomingMessage, ServerResponse } from "node:http";

export const MAX_BODY_BYTES = 1024 * 1024;
/** Uploads (media, head images): above WeChat's largest file limit, so its own limits decide. */
export const MAX_UPLOAD_BYTES = 64 * 1024 * 1024;

/** The request body as bytes (multipart uploads), rejecting past `limit`. */
export function readBodyBytes(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error("body too large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Parses JSON, returning undefined instead of throwing. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const CORS_HEADERS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, POST, DELETE, OPTIONS",
  "access-control-allow-headers": "content-type",
  // Chrome's Private Network Access preflight (page on one local origin, simulator on another).
  "access-control-allow-private-network": "true",
  "access-control-max-age": "600",
};

/** A JSON answer; a 204 has no body. `headers` are added (WeChat Pay's signature headers). */
export function sendJson(res: ServerResponse, body: unknown, status = 200, cors = false, headers: Record<string, string> = {}): void {
  const text = status === 204 ? "" : JSON.stringify(body);
  res.writeHead(status, {
    ...(status === 204 ? {} : { "content-type": "application/json; charset=utf-8" }),
    "cache-control": "no-store",
    ...(cors ? CORS_HEADERS : {}),
    ...headers,
  });
  res.end(text);
}

export function sendHtml(res: ServerResponse, html: string, status = 200): void {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  res.end(html);
}

export function sendText(res: ServerResponse, text: string, contentType: string, status = 200, cors = false): void {
  res.writeHead(status, { "content-type": contentType, "cache-control": "no-store", ...(cors ? CORS_HEADERS : {}) });
  res.end(text);
}

export function sendCorsPreflight(res: ServerResponse): void {
  res.writeHead(204, CORS_HEADERS);
  res.end();
}

export function redirect(res: ServerResponse, location: string, status = 302): void {
  res.writeHead(status, { location, "cache-control": "no-store" });
  res.end();
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** The client's IP without the IPv4-mapped prefix. */
export function clientIp(req: IncomingMessage): string {
  return (req.socket.remoteAddress ?? "").replace(/^::ffff:/, "");
}

/** `host` matches any port, `host:port` exactly that port (authorized callback / JS interface safe domains). */
export function hostAllowed(url: URL, domains: string[]): boolean {
  const host = url.hostname.toLowerCase();
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  return domains.some((entry) => {
    const match = /^(.*?)(?::(\d+))?$/.exec(entry.trim().toLowerCase());
    return !!match && match[1] === host && (match[2] === undefined || match[2] === port);
  });
}
