/**
 * Starting and stopping the servers under test. Each runs in its own process group so that
 * stopping it also stops anything it spawned; only processes started here are ever signalled.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { appEnv, DIST_DIR, peerEnv, ROOT } from "./config";

/** app = `next start`; fast = the self-hosted fast entry (`npm start`) of the same build. */
export type ServerKind = "app" | "fast" | "peer" | "ceiling";

export type Server = {
  kind: ServerKind;
  port: number;
  /** performance.now() just before spawn. */
  spawnedAt: number;
  /** The last lines the process wrote, for error messages. */
  output(): string;
  /** CPU time (user + system, ms) used so far by the server's process group. */
  cpuMs(): number;
  /** Memory of every process of the server (the fast entry is two): resident set and proportional set, MB. */
  memory(): GroupMemory;
  stop(): Promise<void>;
};

// Linux: /proc/<pid>/stat fields after the command name: state ppid pgrp … utime(14) stime(15).
const TICK_MS = 10; // USER_HZ is 100 on Linux
function groupCpuMs(pgid: number | undefined): number {
  if (pgid === undefined) return NaN;
  let ticks = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // exited meanwhile
    }
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(fields[2]) === pgid) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks * TICK_MS;
}

export type GroupMemory = { processes: number; rssMb: number; pssMb: number };

/** Sum over the group's processes: RSS counts shared pages (code, libraries) once per process, PSS splits them. */
function groupMemory(pgid: number | undefined): GroupMemory {
  const total = { processes: 0, rssMb: 0, pssMb: 0 };
  if (pgid === undefined) return total;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]) !== pgid) continue;
      const rollup = readFileSync(`/proc/${entry}/smaps_rollup`, "utf8");
      const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(rollup)?.[1] ?? 0);
      total.processes++;
      total.rssMb += kb("Rss") / 1024;
      total.pssMb += kb("Pss") / 1024;
    } catch {
      continue; // exited meanwhile
    }
  }
  return total;
}

const running = new Set<ChildProcess>();

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal); // the group this script created for it (detached)
  } catch {
    // already gone
  }
}

// Never leave a server behind, even when a benchmark throws or is interrupted.
process.once("exit", () => running.forEach((child) => signalGroup(child, "SIGKILL")));
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => process.exit(130));
}

/** Throws when something already listens on the port (a leftover server would skew every figure). */
export async function assertPortFree(port: number): Promise<void> {
  const inUse = await new Promise<boolean>((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
  if (inUse) throw new Error(`port ${port} is already in use; stop that process or free the port`);
}

export function assertBuildExists(): void {
  if (!existsSync(path.join(ROOT, DIST_DIR, "BUILD_ID"))) {
    throw new Error(`no build in ${DIST_DIR}: run \`NEXT_DIST_DIR=${DIST_DIR} npx next build\` first`);
  }
}

function commandFor(kind: ServerKind, port: number, databaseUrl?: string): { args: string[]; env: Record<string, string> } {
  // `node <bin>` directly, not npx: npx's own start-up is not part of any server's cold start.
  if (kind === "app") {
    return { args: [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], env: appEnv(port, databaseUrl) };
  }
  if (kind === "fast") {
    return { args: [path.join(ROOT, "scripts/start.mjs"), "-p", String(port), "-H", "127.0.0.1"], env: appEnv(port, databaseUrl) };
  }
  return { args: [path.join(ROOT, `bench/support/${kind}-server.mjs`)], env: peerEnv(port) };
}

/**
 * Spawns a server (the app on `databaseUrl`, default data/bench.db); it is not ready yet (see waitUntil).
 * `nodeArgs` go to Node itself (e.g. `--cpu-prof` in bench/profile-fast-entry.ts).
 */
export function startServer(kind: ServerKind, port: number, databaseUrl?: string, nodeArgs: string[] = []): Server {
  const { args, env } = commandFor(kind, port, databaseUrl);
  const lines: string[] = [];
  const spawnedAt = performance.now();
  // BENCH_SERVER_CPUS=0 runs the server (and whatever it spawns) on those cores through taskset;
  // with the benchmark itself under `taskset -c 1`, the load generator no longer takes CPU from
  // the server it measures (on a 2-core machine it otherwise decides the req/s as much as the server).
  const pin = process.env.BENCH_SERVER_CPUS;
  const [command, commandArgs] = pin ? ["taskset", ["-c", pin, process.execPath, ...nodeArgs, ...args]] : [process.execPath, [...nodeArgs, ...args]];
  const child = spawn(command, commandArgs, {
    cwd: ROOT,
    // Only what each server needs; the benchmark's own environment does not leak in.
    env: { ...env, NODE_ENV: "production", PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  running.add(child);
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - 40));
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    kind,
    port,
    spawnedAt,
    output: () => lines.join("\n"),
    cpuMs: () => groupCpuMs(child.pid),
    memory: () => groupMemory(child.pid),
    async stop() {
      signalGroup(child, "SIGTERM");
      const timer = setTimeout(() => signalGroup(child, "SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
      running.delete(child);
    },
  };
}

/**
 * Polls `probe` (bounded: at most `timeoutMs`) until it returns true; returns the
 * performance.now() of the first success. Probe errors count as "not yet".
 */
export async function waitUntil(probe: () => Promise<boolean>, timeoutMs: number, intervalMs = 5): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (await probe().catch(() => false)) return performance.now();
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`not ready within ${timeoutMs} ms`);
}
