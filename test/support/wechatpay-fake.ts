/**
 * A strict stand-in for WeChat Pay's HTTP API in unit tests: each request must match a stub,
 * each stub must be used (both checked when the test finishes), and every request is kept
 * with its raw body bytes and headers, so tests can check exactly what was signed and sent.
 */
import { onTestFinished } from "vitest";
import type { FetchLike } from "@wxmp/wechatpay/types";

export interface PayRequestRecord {
  method: string;
  /** Path with query, as sent: what the Authorization signature covers. */
  pathWithQuery: string;
  headers: Record<string, string>;
  body: Buffer;
}

export interface PayReply {
  status?: number;
  body?: string | Buffer;
  headers?: Record<string, string>;
}

export interface PayStub {
  method: "GET" | "POST";
  /** Path without query. */
  path: string;
  /** "hang": never answers (until aborted); "network": the connection fails. */
  reply: PayReply | "hang" | "network" | ((req: PayRequestRecord, n: number) => PayReply | "hang" | "network");
  /** How many requests this stub answers, default 1. */
  times?: number;
}

export interface PayFake {
  fetch: FetchLike;
  on(stub: PayStub): PayFake;
  readonly requests: PayRequestRecord[];
}

export function createPayFake(): PayFake {
  const stubs: { stub: PayStub; used: number }[] = [];
  const requests: PayRequestRecord[] = [];
  const problems: string[] = [];

  const fetch: FetchLike = async (input, init) => {
    const url = new URL(input);
    const body = init?.body instanceof Uint8Array ? Buffer.from(init.body) : Buffer.from(typeof init?.body === "string" ? init.body : "");
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    const req: PayRequestRecord = { method: init?.method ?? "GET", pathWithQuery: `${url.pathname}${url.search}`, headers, body };
    requests.push(req);
    const state = stubs.find((s) => s.used < (s.stub.times ?? 1) && s.stub.method === req.method && s.stub.path === url.pathname);
    if (!state) {
      problems.push(`unexpected request ${req.method} ${req.pathWithQuery}`);
      throw new TypeError("fetch failed: no stub");
    }
    state.used++;
    const reply = typeof state.stub.reply === "function" ? state.stub.reply(req, state.used) : state.stub.reply;
    if (reply === "network") throw new TypeError("fetch failed: ECONNRESET");
    if (reply === "hang") {
      return new Promise<Response>((_, reject) => {
        init?.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")), { once: true });
      });
    }
    const status = reply.status ?? 200;
    const payload = status === 204 ? null : typeof reply.body === "string" ? reply.body : reply.body ? new Uint8Array(reply.body) : "";
    return new Response(payload, { status, headers: { "Content-Type": "application/json", ...reply.headers } });
  };

  const fake: PayFake = {
    fetch,
    requests,
    on(stub) {
      stubs.push({ stub, used: 0 });
      return fake;
    },
  };
  onTestFinished(() => {
    const unused = stubs.filter((s) => s.used < (s.stub.times ?? 1)).map((s) => `unused stub ${s.stub.method} ${s.stub.path} (${s.used}/${s.stub.times ?? 1})`);
    const all = [...problems, ...unused];
    if (all.length) throw new Error(`wechatpay fake:\n${all.join("\n")}`);
  });
  return fake;
}
