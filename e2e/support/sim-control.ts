/**
 * The simulator's control API (`/__sim/*`) for the webhook, admin and token
 * specs: pushes as WeChat, counters, faults, customer-service messages.
 * Types only come from the simulator's sources; everything goes over HTTP.
 */
import type { FaultSpec } from "../../simulator/core/faults";
import type { PushRequest, PushResult } from "../../simulator/push/pusher-types";
import type { CustomMessage, ApiLogEntry } from "../../simulator/core/records";
import { simulatorUrl } from "../e2e-env";

async function call<T>(method: "GET" | "POST" | "DELETE", path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${simulatorUrl}${path}`, {
    method,
    headers: body === undefined ? undefined : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`simulator ${method} ${path} → ${res.status}: ${text.slice(0, 200)}`);
  return JSON.parse(text) as T;
}

export interface SimState {
  calls: Record<string, number>;
  issued: { accessTokens: number; jsapiTickets: number };
  valid: { accessTokens: number; jsapiTickets: number };
  followers: number;
  customMessages: number;
  faults: unknown[];
  hungRequests: number;
}

export const sim = {
  push: (req: PushRequest): Promise<PushResult> => call("POST", "/__sim/push", req),
  verifyServerUrl: (o: { webhookUrl?: string; badSignature?: boolean } = {}): Promise<{ ok: boolean; status: number | null; body?: string }> =>
    call("POST", "/__sim/verify-server-url", o),
  state: (): Promise<SimState> => call("GET", "/__sim/state"),
  reset: (): Promise<unknown> => call("POST", "/__sim/reset", {}),
  expireTokens: (): Promise<unknown> => call("POST", "/__sim/expire-tokens", {}),
  addFault: (spec: FaultSpec | FaultSpec[]): Promise<unknown> => call("POST", "/__sim/faults", spec),
  clearFaults: (): Promise<unknown> => call("DELETE", "/__sim/faults"),
  config: (patch: Record<string, unknown>): Promise<{ config: Record<string, unknown> }> => call("POST", "/__sim/config", patch),
  markActive: (openid: string): Promise<unknown> => call("POST", `/__sim/users/${encodeURIComponent(openid)}/active`, {}),
  users: async (): Promise<Array<{ openid: string; subscribe: number; inServiceWindow: boolean }>> =>
    (await call<{ users: Array<{ openid: string; subscribe: number; inServiceWindow: boolean }> }>("GET", "/__sim/users")).users,
  customMessages: async (): Promise<CustomMessage[]> => (await call<{ messages: CustomMessage[] }>("GET", "/__sim/custom-messages")).messages,
  apiLog: async (since = 0): Promise<ApiLogEntry[]> => (await call<{ entries: ApiLogEntry[] }>("GET", `/__sim/api-log?since=${since}`)).entries,
};

/** cgi-bin/token calls counted by the simulator since its last reset. */
export async function tokenCalls(): Promise<number> {
  return (await sim.state()).calls["cgi-bin/token"] ?? 0;
}

/** The simulator's current followers' openids (seeded, deterministic per AppID), in user/get order. */
export async function followerOpenids(): Promise<string[]> {
  return (await sim.users()).filter((u) => u.subscribe === 1).map((u) => u.openid);
}

/** Customer-service texts sent to one user since `sinceMs` (simulator clock = wall clock). */
export async function textsTo(openid: string, sinceMs = 0): Promise<string[]> {
  return (await sim.customMessages())
    .filter((m) => m.touser === openid && m.at >= sinceMs && m.msgtype === "text")
    .map((m) => String((m.body.text as { content?: unknown } | undefined)?.content ?? ""));
}

/** Polls `probe` until it returns a value accepted by `done`, or the time runs out (returns the last value). */
export async function pollUntil<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number, intervalMs = 200): Promise<T> {
  const until = Date.now() + timeoutMs;
  let value = await probe();
  while (!done(value) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, intervalMs));
    value = await probe();
  }
  return value;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
