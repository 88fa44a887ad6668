/**
 * The front's side of the page process (Next's request handler, server/pages-main.ts): starts
 * it, knows when it accepts requests, restarts it with backoff when it dies, and stops it last
 * on shutdown. The child is told to stop over its IPC channel, never by a signal: a Ctrl+C or a
 * systemd stop reaches the whole process group, and the pages in flight must still complete
 * through the front. The child leaves by itself when the channel closes (the front gone).
 */
import type { ChildProcess } from "node:child_process";
import type { Logger } from "@wxmp/wechat/types";

export type PageProcessMessage = { type: "ready" } | { type: "stop"; graceMs: number };

export type PageProcessOptions = {
  /** Starts one child (fork with an IPC channel); it sends {type:"ready"} once it listens. */
  spawn: () => ChildProcess;
  logger: Pick<Logger, "info" | "warn" | "error">;
  /** First restart delay, doubled after each crash up to maxBackoffMs; reset after stableMs up. */
  backoffMs?: number;
  maxBackoffMs?: number;
  stableMs?: number;
  /** How long a request waits for the page process (starting, restarting) before a 503. */
  readyWaitMs?: number;
  /**
   * The first page process died before it was ever ready (no build, bad config): no restart,
   * this is called instead — `npm start` exits 1 as it did when Next failed in its one process.
   */
  onNeverReady: (code: number | null, signal: NodeJS.Signals | null) => void;
};

export type PageProcess = {
  /** True at once while the child runs; otherwise waits (bounded) for the next start. */
  ready(): Promise<boolean>;
  readonly pid: number | undefined;
  /** Restarts so far (crashes, not planned stops). */
  readonly restarts: number;
  /** Tells the child to finish its requests and exit; resolves true when it exited 0 in time. */
  stop(graceMs: number): Promise<boolean>;
};

const TRUE = Promise.resolve(true);

/** Waits for the next "ready" (true) or a stop (false), at most `ms` (false). */
function waitForReady(add: (settle: (ok: boolean) => void) => void, remove: (settle: (ok: boolean) => void) => void, ms: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => (remove(settle), resolve(false)), ms);
    const settle = (ok: boolean) => (clearTimeout(timer), resolve(ok));
    add(settle);
  });
}

/** Asks the child to stop (IPC), SIGKILL a second after `graceMs`; true when it exited 0 in time. */
async function stopChild(current: ChildProcess, graceMs: number): Promise<boolean> {
  if (current.exitCode !== null || current.signalCode !== null) return true;
  const exited = new Promise<number | null>((resolve) => current.once("exit", (code) => resolve(code)));
  if (current.connected) current.send({ type: "stop", graceMs } satisfies PageProcessMessage);
  else current.kill("SIGTERM");
  let timer: NodeJS.Timeout | undefined;
  const code = await Promise.race([exited, new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), graceMs + 1000)))]);
  clearTimeout(timer);
  if (code !== "late") return code === 0;
  current.kill("SIGKILL");
  await exited;
  return false;
}

export function startPageProcess(o: PageProcessOptions): PageProcess {
  const backoffMs = o.backoffMs ?? 250;
  const maxBackoffMs = o.maxBackoffMs ?? 10_000;
  const stableMs = o.stableMs ?? 30_000;
  const readyWaitMs = o.readyWaitMs ?? 30_000;
  let child: ChildProcess | undefined;
  let up = false;
  let everReady = false;
  let stopping = false;
  let restarts = 0;
  let delay = backoffMs;
  let waiters: ((ok: boolean) => void)[] = [];
  let restartTimer: NodeJS.Timeout | undefined;

  const wake = (ok: boolean) => {
    const waiting = waiters;
    waiters = [];
    waiting.forEach((w) => w(ok));
  };

  function launch(): void {
    const startedAt = Date.now();
    const current = o.spawn();
    child = current;
    current.on("message", (message: PageProcessMessage) => {
      if (message?.type !== "ready" || child !== current) return;
      up = true;
      everReady = true;
      o.logger.info("fast entry: page process ready", { pid: current.pid, ms: Date.now() - startedAt });
      wake(true);
    });
    current.once("exit", (code, signal) => {
      if (child !== current) return;
      up = false;
      child = undefined;
      if (stopping) return;
      if (!everReady) {
        stopping = true;
        wake(false);
        return o.onNeverReady(code, signal);
      }
      // A child that ran for a while crashed once; one that dies at start-up backs off further.
      delay = Date.now() - startedAt >= stableMs ? backoffMs : delay;
      o.logger.error("fast entry: page process exited, restarting", { code, signal, inMs: delay });
      restarts++;
      restartTimer = setTimeout(launch, delay);
      delay = Math.min(maxBackoffMs, delay * 2);
    });
  }
  launch();

  return {
    ready() {
      if (up) return TRUE;
      if (stopping) return Promise.resolve(false);
      return waitForReady((settle) => waiters.push(settle), (settle) => (waiters = waiters.filter((w) => w !== settle)), readyWaitMs);
    },
    get pid() { return child?.pid; },
    get restarts() { return restarts; },
    stop(graceMs) {
      stopping = true;
      clearTimeout(restartTimer);
      wake(false);
      return child ? stopChild(child, graceMs) : Promise.resolve(true);
    },
  };
}
