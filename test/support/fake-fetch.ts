/**
 * A strict stand-in for fetch in unit tests: every request must match a stub
 * registered with `on()`, every stub must be used, and both rules fail the
 * current test (checked automatically when the test finishes).
 */
import { onTestFinished } from "vitest";
import type { FetchLike } from "@wxmp/wechat/types";

export interface RecordedRequest {
  method: string;
  /** Path without query, e.g. "/cgi-bin/token". */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body (POST), undefined otherwise. */
  body: unknown;
  url: string;
}

export type FakeReply =
  | { json: unknown; status?: number }
  | { text: string; status?: number }
  /** Never answers; rejects with an AbortError when the request's signal aborts. */
  | { hang: true };

export interface FakeStub {
  method?: "GET" | "POST";
  path: string;
  /** Every listed key must be present with this value. */
  query?: Record<string, string>;
  /** Partial deep match against the parsed JSON body. */
  body?: Record<string, unknown>;
  reply: FakeReply | ((req: RecordedRequest) => FakeReply | Promise<FakeReply>);
  /** How many requests this stub answers, default 1; `Infinity` for "any number, at least one". */
  times?: number;
}

export interface FakeFetch {
  fetch: FetchLike;
  /** Registers a stub; stubs are matched in registration order. */
  on(stub: FakeStub): FakeFetch;
  /** Every request seen, in order (matched or not). */
  readonly calls: RecordedRequest[];
  /** Requests to `path` (optionally of `method`). */
  callsTo(path: string, method?: "GET" | "POST"): RecordedRequest[];
  /** Throws if a request had no stub or a stub was not used up. */
  verify(): void;
}

interface StubState {
  stub: FakeStub;
  used: number;
}

/** Creates a fake fetch; with `autoVerify` (default) `verify()` runs when the current test finishes. */
export function createFakeFetch(options: { autoVerify?: boolean } = {}): FakeFetch {
  const stubs: StubState[] = [];
  const calls: RecordedRequest[] = [];
  const problems: string[] = [];

  const fetch: FetchLike = async (input, init) => {
    const req = record(input, init);
    calls.push(req);
    const state = stubs.find((s) => s.used < (s.stub.times ?? 1) && matches(s.stub, req));
    if (!state) {
      const problem = `unexpected request ${req.method} ${req.path} ${JSON.stringify(req.query)} ${JSON.stringify(req.body) ?? ""}`;
      problems.push(problem);
      throw new Error(`fake fetch: ${problem}`);
    }
    state.used++;
    const reply = typeof state.stub.reply === "function" ? await state.stub.reply(req) : state.stub.reply;
    if ("hang" in reply) return hang(init?.signal ?? undefined);
    const status = reply.status ?? 200;
    const text = "json" in reply ? JSON.stringify(reply.json) : reply.text;
    return new Response(text, { status, headers: { "Content-Type": "application/json" } });
  };

  const fake: FakeFetch = {
    fetch,
    calls,
    on(stub) {
      stubs.push({ stub, used: 0 });
      return fake;
    },
    callsTo(path, method) {
      return calls.filter((c) => c.path === path && (!method || c.method === method));
    },
    verify() {
      const unused = stubs
        .filter((s) => (s.stub.times === Infinity ? s.used === 0 : s.used < (s.stub.times ?? 1)))
        .map((s) => `unused stub ${s.stub.method ?? "*"} ${s.stub.path} (used ${s.used}/${s.stub.times ?? 1})`);
      const all = [...problems, ...unused];
      if (all.length) throw new Error(`fake fetch:\n${all.join("\n")}`);
    },
  };
  if (options.autoVerify ?? true) onTestFinished(() => fake.verify());
  return fake;
}

function record(input: string, init: RequestInit | undefined): RecordedRequest {
  const url = new URL(input);
  const query: Record<string, string> = {};
  url.searchParams.forEach((value, key) => {
    query[key] = value;
  });
  let body: unknown;
  if (typeof init?.body === "string") {
    try {
      body = JSON.parse(init.body);
    } catch {
      body = init.body;
    }
  }
  return { method: init?.method ?? "GET", path: url.pathname, query, body, url: input };
}

function matches(stub: FakeStub, req: RecordedRequest): boolean {
  if (stub.method && stub.method !== req.method) return false;
  if (stub.path !== req.path) return false;
  for (const [k, v] of Object.entries(stub.query ?? {})) if (req.query[k] !== v) return false;
  if (stub.body && !partialMatch(stub.body, req.body)) return false;
  return true;
}

function partialMatch(expected: unknown, actual: unknown): boolean {
  if (expected && typeof expected === "object") {
    if (!actual || typeof actual !== "object") return false;
    return Object.entries(expected).every(([k, v]) => partialMatch(v, (actual as Record<string, unknown>)[k]));
  }
  return Object.is(expected, actual);
}

function hang(signal: AbortSignal | undefined): Promise<Response> {
  return new Promise((_, reject) => {
    signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")), { once: true });
  });
}
