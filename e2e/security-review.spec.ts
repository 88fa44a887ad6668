/**
 * What the security review of 2026-12-06 (issue 21) found, against the built servers: the rid
 * lookup's live access_token, memory held by bodies sent to pages (`next start` and the fast
 * entry), the QR image served as whatever upstream said, WeChat's errmsg to followers, the demo
 * reachable from the network, CSP on prefetches, uncapped admin bodies and absolute-form
 * request targets. The unit tests beside each fix cover the rest (docs/security.md lists all).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { networkInterfaces } from "node:os";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { appEnv, appUrl, e2eDatabaseUrl, E2E } from "./e2e-env";
import { appCall, expectCleanError } from "./support/app-api";
import { signIn, simUsers } from "./support/browser-oauth";
import { pollUntil, sim } from "./support/sim-control";
import { spawnApp } from "./support/spawn-app";

const APP = appUrl();
const PORTS = { nextStart: E2E.appPort + 70, fastEntry: E2E.appPort + 71, demoApp: E2E.appPort + 72, demoSim: E2E.appPort + 73 };
const MiB = 1024 * 1024;

/** A non-loopback address of this machine: a connection to it does not come from 127.0.0.1, as a LAN peer's would not. */
function outwardAddress(): string {
  const found = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === "IPv4" && !a.internal)?.address;
  if (!found) throw new Error("this machine has no non-loopback IPv4 address to play the LAN peer from");
  return found;
}

test.describe("medium", () => {
  test("1. the rid lookup masks the live access_token WeChat's request_url starts with", async () => {
    await sim.addFault({ endpoint: "cgi-bin/getcallbackip", errcode: 45009, times: 1 });
    const failed = await appCall<{ errmsg?: string }>("/api/admin/ops");
    expect(failed.status).toBe(502);
    const rid = /rid: (\S+)/.exec(failed.json.errmsg ?? "")?.[1];
    expect(rid).toMatch(/^[0-9a-f]+(-[0-9a-f]+)+$/);
    const answer = await appCall<{ request: { request_url: string; response_body: string } }>("/api/admin/ops/rid", { method: "POST", body: { rid } });
    expect(answer.status).toBe(200);
    // The simulator answers as WeChat documents it: the bare query, "access_token=<the live token>".
    expect(answer.json.request.request_url).toBe("access_token=***");
    expect(answer.json.request.response_body).toContain("45009");
  });

  test("2. 40 concurrent 5 MiB page POSTs leave each server's RSS within +100 MB, and are refused", async () => {
    test.setTimeout(120_000);
    const nextStart = await spawnApp(PORTS.nextStart, {});
    const fast = await startFastEntry(PORTS.fastEntry);
    try {
      for (const [name, server, path] of [
        ["next start", { pid: nextStart.pid, port: PORTS.nextStart }, "/"],
        ["fast entry", { pid: fast.pid, port: PORTS.fastEntry }, "/admin"],
      ] as const) {
        // Warm: the page rendered and refused once, so loading code is not counted as growth.
        for (let i = 0; i < 3; i++) await fetch(`${appUrl(server.port)}${path}`);
        await postBodies(server.port, path, 2, MiB);
        const before = rssMb(server.pid);
        let peak = before;
        const sampler = setInterval(() => (peak = Math.max(peak, rssMb(server.pid))), 20);
        const statuses = await postBodies(server.port, path, 40, 5 * MiB);
        await new Promise((resolve) => setTimeout(resolve, 300));
        clearInterval(sampler);
        peak = Math.max(peak, rssMb(server.pid));
        console.log(`${name}: RSS ${before.toFixed(0)} MB → peak ${peak.toFixed(0)} MB over 40 × 5 MiB POST ${path}`);
        expect(peak - before, name).toBeLessThan(100);
        const answered = statuses.filter((s): s is number => s !== null);
        expect(answered.length, name).toBeGreaterThan(0);
        expect(new Set(answered), name).toEqual(new Set([413]));
      }
      // Pages still render, and API routes still read bodies past 1 KiB whole (an 8 KiB login).
      for (const port of [PORTS.nextStart, PORTS.fastEntry]) {
        expect((await fetch(`${appUrl(port)}/`)).status).toBe(200);
        const login = await fetch(`${appUrl(port)}/api/admin/session`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: appUrl(port), "x-forwarded-for": `198.51.100.${port % 200}` },
          body: JSON.stringify({ token: E2E.adminToken, pad: "x".repeat(8 * 1024) }),
        });
        expect(login.status).toBe(204);
      }
    } finally {
      await nextStart.stop();
      await fast.stop();
    }
  });
});

test.describe("low", () => {
  test("3. the QR image is served as an image, sandboxed, whatever its upstream says", async () => {
    const created = await appCall<{ id: string }>("/api/admin/qrcodes", { method: "POST", body: { scene: `review-${Date.now()}` } });
    expect(created.status).toBe(201);
    const res = await fetch(`${APP}/api/admin/qrcodes/${created.json.id}/image`, { headers: { authorization: `Bearer ${E2E.adminToken}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^image\/(png|jpeg|jpg|gif|webp|bmp)$/);
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });

  test("4. a follower's profile refresh gets no WeChat errmsg, and cannot fill the operator's error list", async ({ playwright, request }) => {
    const jar: APIRequestContext = await playwright.request.newContext({ baseURL: APP });
    try {
      const user = (await simUsers(request))[1]!;
      await signIn(jar, { scope: "snsapi_userinfo", openid: user.openid });
      const listed = async (): Promise<number> =>
        (await appCall<{ errors: Array<{ source: string }> }>("/api/admin/ops/errors")).json.errors.filter((e) => e.source.startsWith("profile refresh")).length;
      const before = await listed();
      await sim.addFault({ endpoint: "sns/userinfo", errcode: 40003, errmsg: "invalid openid, from 198.51.100.23", times: 3 });
      for (let i = 0; i < 3; i++) {
        const res = await jar.post("/api/me/refresh", { headers: { origin: APP } });
        const text = await res.text();
        expect(res.status()).toBe(502);
        expect(Object.keys(JSON.parse(text) as object).sort()).toEqual(["errcode", "error", "requestId"]);
        expect(text).not.toContain("198.51.100.23");
        expectCleanError(text);
      }
      expect(await listed()).toBe(before);
    } finally {
      await sim.clearFaults();
      await jar.dispose();
    }
  });

  test("5. npm run demo listens on 127.0.0.1 only: the app and the simulator are out of the network's reach", async () => {
    test.setTimeout(120_000);
    const demo = startDemo();
    try {
      const up = await pollUntil(async () => demo.output(), (out) => out.includes("The demo is running") || demo.child.exitCode !== null, 90_000, 250);
      expect(up, up).toContain("The demo is running");
      expect((await fetch(`http://127.0.0.1:${PORTS.demoApp}/api/health`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${PORTS.demoSim}/__sim/state`)).status).toBe(200);
      // The demo's public admin token works from this machine.
      expect((await fetch(`http://localhost:${PORTS.demoApp}/api/admin/tokens`, { headers: { authorization: "Bearer dev-admin-token" } })).status).toBe(200);
      const lan = outwardAddress();
      for (const port of [PORTS.demoApp, PORTS.demoSim]) expect(await connects(lan, port), `${lan}:${port}`).toBe(false);
    } finally {
      await demo.stop();
    }
  });
});

test.describe("hardening", () => {
  test("prefetch-flagged page requests get the same CSP as any page", async () => {
    const flags: Array<Record<string, string>> = [{ "next-router-prefetch": "1" }, { purpose: "prefetch" }, { "sec-purpose": "prefetch" }];
    for (const headers of flags) {
      const res = await fetch(`${APP}/`, { headers });
      expect(res.headers.get("content-security-policy"), JSON.stringify(headers)).toMatch(/script-src [^;]*'nonce-/);
    }
  });

  test("the five admin routes that read bodies after authentication cap them (413)", async () => {
    const pad = "x".repeat(2 * MiB);
    const routes: Array<[string, "PUT" | "POST", Record<string, unknown>]> = [
      ["/api/admin/menu", "PUT", { button: [], pad }],
      ["/api/admin/menu/conditional", "POST", { button: [], matchrule: { tag_id: "2" }, pad }],
      ["/api/admin/qrcodes", "POST", { scene: 7, pad }],
      ["/api/admin/templates/send", "POST", { templateId: "", pad }],
      ["/api/admin/ops/callback-check", "POST", { action: "none", pad }],
    ];
    for (const [path, method, body] of routes) {
      const res = await fetch(`${APP}${path}`, { method, headers: { authorization: `Bearer ${E2E.adminToken}`, "content-type": "application/json" }, body: JSON.stringify(body) });
      expect(res.status, path).toBe(413);
      expect(await res.json(), path).toMatchObject({ error: "body_too_large" });
    }
  });

  test("the fast entry answers an absolute-form request target with 400, not a redirect off-site", async () => {
    const fast = await startFastEntry(PORTS.fastEntry);
    try {
      const reply = await rawRequest(PORTS.fastEntry, "GET http://evil.example/admin HTTP/1.1\r\nhost: evil.example\r\n\r\n");
      expect(reply).toMatch(/^HTTP\/1\.1 400 /);
      expect(reply).not.toMatch(/location: http:\/\/evil/i);
    } finally {
      await fast.stop();
    }
  });
});

/** Resident memory of a process, in MB (Linux). */
function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return Number(kb) / 1024;
}

/** `count` concurrent POSTs of `bytes` each; the status of each, null when the server closed first. */
function postBodies(port: number, path: string, count: number, bytes: number): Promise<Array<number | null>> {
  const body = Buffer.alloc(bytes, 0x78);
  const one = (): Promise<number | null> =>
    new Promise((resolve) => {
      const req = http.request({ host: "127.0.0.1", port, path, method: "POST", headers: { "content-type": "text/plain", "content-length": bytes, connection: "close" } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? null);
      });
      req.on("error", () => resolve(null));
      req.end(body);
    });
  return Promise.all(Array.from({ length: count }, one));
}

function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    let data = "";
    socket.setTimeout(10_000, () => (socket.destroy(), resolve(data)));
    socket.on("data", (chunk) => (data += chunk.toString()));
    socket.on("close", () => resolve(data));
    socket.on("error", reject);
    socket.write(text);
  });
}

function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, host);
    socket.setTimeout(3000, () => (socket.destroy(), resolve(false)));
    socket.on("connect", () => (socket.destroy(), resolve(true)));
    socket.on("error", () => resolve(false));
  });
}

async function startFastEntry(port: number): Promise<{ pid: number; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ["scripts/start.mjs", "-p", String(port)], { env: { ...process.env, ...appEnv(port, e2eDatabaseUrl()) }, stdio: "ignore" });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  const up = await pollUntil(
    () => fetch(`${appUrl(port)}/api/health`).then((r) => r.status === 200, () => false),
    (ok) => ok || child.exitCode !== null,
    60_000,
  );
  if (!up) throw new Error(`fast entry on ${port} did not start`);
  return { pid: child.pid as number, stop };
}

/** `npm run demo` on the spec's ports, with the demo's own defaults (no admin token or session password given). */
function startDemo(): { child: ChildProcess; output: () => string; stop: () => Promise<void> } {
  const env: NodeJS.ProcessEnv = { ...process.env, DEMO_PORT: String(PORTS.demoApp), SIM_PORT: String(PORTS.demoSim), DATABASE_URL: `file:./data/e2e-demo-${PORTS.demoApp}.db` };
  for (const name of ["ADMIN_TOKEN", "SESSION_PASSWORD", "CRON_SECRET", "APP_URL", "NODE_ENV"]) delete env[name];
  // Its own process group: the demo, the tsx runner and `next start` stop together.
  const child = spawn(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/demo.ts"], { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let printed = "";
  child.stdout?.on("data", (chunk: Buffer) => (printed += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (printed += chunk.toString()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    process.kill(-(child.pid as number), "SIGTERM");
    await exited;
  };
  return { child, output: () => printed, stop };
}
