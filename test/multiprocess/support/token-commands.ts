/**
 * The command protocol of workers/token-worker.ts, parent side: which client a
 * command uses, what each caller reported, and a request/answer helper.
 */
import { randomUUID } from "node:crypto";
import type { WorkerEvent, WorkerProcess } from "./worker-process";

/** One WeChatClient in a worker; the same settings give the same client (one lease owner). */
export interface ClientSettings {
  appId: string;
  appSecret: string;
  baseUrl: string;
  leaseMs?: number;
  maxWaitMs?: number;
  timeoutMs?: number;
  totalTimeoutMs?: number;
  safetyMarginMs?: number;
  refreshAheadMs?: number;
  refreshJitterMs?: number;
}

/** One caller's outcome; `token` is a fingerprint (a hash prefix), never the value. */
export interface CallerResult {
  ok: boolean;
  ms: number;
  token?: string;
  total?: number;
  error?: { name: string; errcode?: number; message: string };
}

export type CallersEvent = WorkerEvent & { id: string; results: CallerResult[] };

/** What a "loop" command reports: every getAccessToken() of every caller, summed up. */
export type LoopEvent = WorkerEvent & {
  id: string;
  calls: number;
  failures: CallerResult["error"][];
  /** Fingerprints of the tokens seen, in order, and when each was first seen (ms after the loop started). */
  tokens: string[];
  firstSeen: number[];
};

/** Sends `cmd` to the worker and resolves with its answer. */
export function request(
  worker: WorkerProcess,
  cmd: "tokens" | "api",
  client: ClientSettings,
  callers: number,
  timeoutMs = 30_000,
): Promise<CallersEvent> {
  const id = randomUUID();
  const answer = worker.waitFor<CallersEvent>(cmd, { timeoutMs, match: (e) => e.id === id });
  worker.send({ id, cmd, client, callers });
  return answer;
}

/** `callers` callers each calling getAccessToken() in a loop (a few ms apart) until `endAt` (epoch ms). */
export function requestLoop(worker: WorkerProcess, client: ClientSettings, callers: number, endAt: number): Promise<LoopEvent> {
  const id = randomUUID();
  const answer = worker.waitFor<LoopEvent>("loop", { timeoutMs: endAt - Date.now() + 30_000, match: (e) => e.id === id });
  worker.send({ id, cmd: "loop", client, callers, endAt });
  return answer;
}
