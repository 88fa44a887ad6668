/**
 * The two-process entry's page side (server/page-process.ts + server/page-server.ts) with real
 * child processes: a stand-in page process (fixtures/pages-child.ts) behind the real front listener.
 * A killed page process is restarted while pushes go on being answered; restarts back off;
 * a stop lets the page request in flight finish; signals from outside do not stop the child,
 * and the child leaves when the front is gone.
 */
import { fork, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import type http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createFastEntryServer, webhookRoute } from "../../server/fast-entry";
import { startPageProcess, type PageProcess } from "../../server/page-process";
import { createPendingWork } from "../../server/pending-work";
import { createPageAgent, createPageProxy } from "../../server/proxy";

const FIXTURE = path.join(import.meta.dirname, "fixtures", "pages-child.ts");
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Entry = { base: string; pages: PageProcess; spawned: ChildProcess[]; front: http.Server; agent: http.Agent; dir: string };
const entries: Entry[] = [];
afterEach(async () => {
  for (const e of entries.splice(0)) {
    await e.pages.stop(500);
    for (const child of e.spawned) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    e.agent.destroy();
    await new Promise((resolve) => (e.front.closeAllConnections(), e.front.close(resolve)));
    rmSync(e.dir, { recursive: true, force: true });
  }
});

async function startEntry(o: { backoffMs?: number; args?: string[]; onNeverReady?: () => void } = {}): Promise<Entry> {
  const dir = mkdtempSync(path.join(tmpdir(), "pages-test-"));
  const socketPath = path.join(dir, "next.sock");
  const spawned: ChildProcess[] = [];
  const pages = startPageProcess({
    spawn: () => {
      const child = fork(FIXTURE, o.args ?? [socketPath], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
      spawned.push(child);
      return child;
    },
    logger: quiet,
    backoffMs: o.backoffMs ?? 100,
    onNeverReady: o.onNeverReady ?? (() => undefined),
    readyWaitMs: 20_000,
  });
  const agent = createPageAgent();
  const front = createFastEntryServer({
    routes: {
      "/api/wechat": webhookRoute({
        webhook: () => ({ handle: async () => ({ status: 200, headers: {}, body: "success" }) }),
        pending: createPendingWork(),
        onError: () => ({ status: 500, headers: {}, body: "" }),
      }),
    },
    next: createPageProxy({ socketPath, agent, ready: () => pages.ready() }),
  });
  await new Promise<void>((resolve) => front.listen(0, "127.0.0.1", resolve));
  const entry = { base: `http://127.0.0.1:${(front.address() as AddressInfo).port}`, pages, spawned, front, agent, dir };
  entries.push(entry);
  return entry;
}

const exitOf = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

describe("page process", () => {
  it("a killed page process is restarted while pushes go on being answered", async () => {
    const e = await startEntry();
    const firstPid = await (await fetch(`${e.base}/`)).text();
    expect(Number(firstPid)).toBe(e.pages.pid);
    e.spawned[0]!.kill("SIGKILL");
    await exitOf(e.spawned[0]!);
    // Pushes while no page process runs: answered by the front alone.
    for (let i = 0; i < 5; i++) {
      const push = await fetch(`${e.base}/api/wechat`, { method: "POST", body: "<xml/>" });
      expect(await push.text()).toBe("success");
    }
    // A page request meanwhile waits for the new process instead of failing.
    const secondPid = await (await fetch(`${e.base}/`)).text();
    expect(secondPid).not.toBe(firstPid);
    expect(Number(secondPid)).toBe(e.spawned[1]!.pid);
    expect(e.pages.restarts).toBe(1);
  });

  it("restarts back off: each crash at start-up waits longer than the one before", async () => {
    const e = await startEntry({ backoffMs: 100 });
    await e.pages.ready();
    const startedAt: number[] = [];
    for (let i = 0; i < 3; i++) {
      const child = e.spawned[e.spawned.length - 1]!;
      await e.pages.ready();
      child.kill("SIGKILL");
      await exitOf(child);
      startedAt.push(Date.now());
      while (e.spawned.length < i + 2) await sleep(10);
      startedAt.push(Date.now());
    }
    const waits = [startedAt[1]! - startedAt[0]!, startedAt[3]! - startedAt[2]!, startedAt[5]! - startedAt[4]!];
    expect(waits[0]).toBeGreaterThanOrEqual(90);
    expect(waits[1]).toBeGreaterThanOrEqual(190);
    expect(waits[2]).toBeGreaterThanOrEqual(390);
  });

  it("stop: the page request in flight completes, then the child exits 0; outside signals do not stop it", async () => {
    const e = await startEntry();
    await e.pages.ready();
    const child = e.spawned[0]!;
    child.kill("SIGTERM"); // as a Ctrl+C or a systemd stop reaches the whole group
    child.kill("SIGINT");
    await sleep(200);
    expect(child.exitCode).toBeNull();
    const inFlight = fetch(`${e.base}/slow?ms=600`).then((r) => r.text());
    await sleep(150);
    const stopped = e.pages.stop(5000);
    expect(await inFlight).toBe("slow done");
    expect(await stopped).toBe(true);
    expect(await exitOf(child)).toBe(0);
    // Stopped for good: no restart, and a page request is refused rather than left waiting.
    await sleep(300);
    expect(e.spawned).toHaveLength(1);
    expect(await e.pages.ready()).toBe(false);
  });

  it("a page process that dies before it was ever ready is not restarted: the entry is told to give up", async () => {
    let gaveUp: () => void = () => undefined;
    const told = new Promise<void>((resolve) => (gaveUp = resolve));
    const e = await startEntry({ args: [], onNeverReady: () => gaveUp() }); // no socket path: the stand-in fails at start
    await told;
    await sleep(300);
    expect(e.spawned).toHaveLength(1);
    expect(await e.pages.ready()).toBe(false);
  });

  it("the child leaves by itself when the front's channel closes", async () => {
    const e = await startEntry();
    await e.pages.ready();
    const child = e.spawned[0]!;
    child.disconnect();
    expect(await exitOf(child)).toBe(0);
  });
});
