/**
 * Parent side of the multi-process tests: starts a worker script as a separate Node
 * process (TypeScript through tsx's loader, in the SAME process — no tsx CLI wrapper,
 * so SIGKILL really kills the worker) and talks to it over JSON lines: commands on
 * stdin, events on stdout. Every worker started here is killed by `killAllWorkers()`.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
const tsxLoader = pathToFileURL(path.join(repoRoot, "node_modules/tsx/dist/loader.mjs")).href;

export type WorkerEvent = { type: string; [field: string]: unknown };

export interface WorkerProcess {
  readonly name: string;
  readonly pid: number;
  /** Every event received so far, in order. */
  readonly events: WorkerEvent[];
  /** Resolves with the first event (past or future) of `type` that satisfies `match`. */
  waitFor<E extends WorkerEvent = WorkerEvent>(type: string, options?: { timeoutMs?: number; match?: (e: E) => boolean }): Promise<E>;
  send(command: Record<string, unknown>): void;
  kill(signal?: NodeJS.Signals): void;
  /** Resolves with the exit code (or signal) once the process is gone. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** What the worker wrote to stderr (for failure messages). */
  stderr(): string;
}

const live = new Set<WorkerProcess>();

/**
 * Starts `script` (a path under the repo) with `env` added to the parent's environment.
 * `--conditions=react-server` makes `import "server-only"` resolve to its empty export,
 * as it does inside Next's server bundle.
 */
export function startWorker(name: string, script: string, env: Record<string, string> = {}): WorkerProcess {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", tsxLoader, path.resolve(repoRoot, script)],
    { cwd: repoRoot, env: { ...process.env, ...env, NODE_OPTIONS: "" }, stdio: ["pipe", "pipe", "pipe"] },
  );
  const events: WorkerEvent[] = [];
  const listeners = new Set<(e: WorkerEvent) => void>();
  let err = "";
  let buffer = "";
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => {
    buffer += chunk;
    let newline: number;
    while ((newline = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (!line.startsWith("{")) continue;
      let event: WorkerEvent;
      try {
        event = JSON.parse(line) as WorkerEvent;
      } catch {
        continue;
      }
      events.push(event);
      for (const listener of listeners) listener(event);
    }
  });
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => {
    err = (err + chunk).slice(-20_000);
  });
  // A worker killed while we write to it must not crash the test runner.
  child.stdin.on("error", () => undefined);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });

  const worker: WorkerProcess = {
    name,
    pid: child.pid ?? -1,
    events,
    exited,
    stderr: () => err,
    send(command) {
      if (child.exitCode === null && child.signalCode === null) child.stdin.write(`${JSON.stringify(command)}\n`);
    },
    kill(signal = "SIGKILL") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
    waitFor<E extends WorkerEvent>(type: string, options: { timeoutMs?: number; match?: (e: E) => boolean } = {}) {
      const ok = (e: WorkerEvent): e is E => e.type === type && (!options.match || options.match(e as E));
      const past = events.find(ok);
      if (past) return Promise.resolve(past);
      return new Promise<E>((resolve, reject) => {
        const done = (): void => {
          clearTimeout(timer);
          listeners.delete(listener);
        };
        const listener = (e: WorkerEvent): void => {
          if (ok(e)) {
            done();
            resolve(e);
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`${name}: no "${type}" event within ${options.timeoutMs ?? 20_000} ms\n${err.slice(-3000)}`));
        }, options.timeoutMs ?? 20_000);
        listeners.add(listener);
        // A worker that dies cannot send the event any more: fail fast with its stderr.
        void exited.then(({ code, signal }) => {
          if (!listeners.has(listener)) return;
          done();
          reject(new Error(`${name} exited (code ${code}, signal ${signal}) before "${type}"\n${err.slice(-3000)}`));
        });
      });
    },
  };
  live.add(worker);
  void exited.then(() => live.delete(worker));
  return worker;
}

/** SIGKILLs every worker still running and waits until they are gone. */
export async function killAllWorkers(): Promise<void> {
  const running = [...live];
  for (const worker of running) worker.kill("SIGKILL");
  await Promise.all(running.map((w) => w.exited));
}

// Last line of defence: a test runner that exits must not leave workers behind.
process.once("exit", () => {
  for (const worker of live) worker.kill("SIGKILL");
});
