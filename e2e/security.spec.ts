/**
 * Hardening of the operator's side and of what anyone may see (issue 11, sections 2, 4, 5),
 * against the built server: failed-auth limits held in the database across both processes,
 * the 16 KiB cap on pre-auth bodies, admin sessions bound to the current token and to an
 * absolute expiry, development fallbacks that stay on this machine (by the socket's address
 * and a loopback Host, issue 21), the https-only cookie name and HSTS, and WeChat's errmsg
 * kept from anonymous callers.
 */
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { networkInterfaces } from "node:os";
import { expect, test } from "@playwright/test";
import { sealData, unsealData } from "iron-session";
import { ADMIN_SESSION_TTL_MS, adminFingerprint } from "../lib/auth/admin-credentials";
import { appUrl, E2E } from "./e2e-env";
import { appCall, expectCleanError } from "./support/app-api";
import { sim } from "./support/sim-control";
import { spawnApp } from "./support/spawn-app";

const APP = appUrl();
const SPARE = E2E.appPort + 50;
/**
 * A client address of its own for every call (own failure counter). Counted, not random: a
 * random last octet of one /24 let two tests share an address now and then, and one test's
 * failures turned the other's login into a 429. 198.18.0.0/15 (benchmarking) is used by no
 * other spec; the process id keeps workers and reruns apart.
 */
let addressCount = 0;
const address = (): string => {
  addressCount += 1;
  return `198.${18 + (process.pid % 2)}.${(process.pid >> 1) % 256}.${addressCount % 256}, 10.0.0.1`;
};

async function login(token: string, o: { port?: number; xff?: string; origin?: string } = {}): Promise<{ status: number; cookie: string }> {
  const res = await fetch(`${appUrl(o.port)}/api/admin/session`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: o.origin ?? appUrl(o.port), ...(o.xff ? { "x-forwarded-for": o.xff } : {}) },
    body: JSON.stringify({ token }),
  });
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  return { status: res.status, cookie };
}

/** GET over a connection to `host`, with headers fetch would not let us set (Host). */
function rawStatus(host: string, port: number, path: string, headers: Record<string, string>): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host, port, path, headers, agent: false }, (res) => (res.resume(), resolve(res.statusCode)));
    req.on("error", reject);
    req.end();
  });
}

test.describe("failed admin authentication is limited per client address, across instances", () => {
  test("10 wrong bearer tokens over both processes → 429 with Retry-After, even for the right token; other addresses unaffected", async () => {
    const xff = address();
    for (let i = 0; i < 10; i++) {
      const answer = await appCall("/api/admin/tokens", { port: i % 2 ? E2E.secondAppPort : E2E.appPort, auth: `Bearer guess-${i}`, headers: { "x-forwarded-for": xff } });
      expect(answer.status, `attempt ${i + 1}`).toBe(401);
    }
    for (const port of [E2E.appPort, E2E.secondAppPort]) {
      const res = await fetch(`${appUrl(port)}/api/admin/tokens`, { headers: { authorization: `Bearer ${E2E.adminToken}`, "x-forwarded-for": xff } });
      expect(res.status).toBe(429);
      const retryAfter = Number(res.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(600);
      expectCleanError(await res.text());
    }
    expect((await appCall("/api/admin/tokens", { headers: { "x-forwarded-for": address() } })).status).toBe(200);
  });

  test("the login form and the cron secret count too", async () => {
    const xff = address();
    for (let i = 0; i < 5; i++) expect((await login(`wrong-${i}`, { xff })).status).toBe(401);
    for (let i = 0; i < 5; i++) {
      expect((await appCall("/api/cron/refresh-tokens", { auth: `Bearer wrong-cron-${i}`, headers: { "x-forwarded-for": xff } })).status).toBe(401);
    }
    expect((await login(E2E.adminToken, { xff })).status).toBe(429);
    expect((await appCall("/api/cron/refresh-tokens", { auth: `Bearer ${E2E.cronSecret}`, headers: { "x-forwarded-for": xff } })).status).toBe(429);
    expect((await appCall("/api/cron/refresh-tokens", { auth: `Bearer ${E2E.cronSecret}`, headers: { "x-forwarded-for": address() } })).status).toBe(200);
  });
});

test.describe("JSON bodies read before authentication", () => {
  test("over 16 KiB → 413, whatever the token inside", async () => {
    const big = { token: E2E.adminToken, padding: "x".repeat(17 * 1024) };
    const answer = await appCall("/api/admin/session", { method: "POST", auth: null, body: big, headers: { origin: APP, "x-forwarded-for": address() } });
    expect(answer.status).toBe(413);
    expectCleanError(answer.text);
  });

  test("a declared 10 MB body is refused without the server waiting for it", async () => {
    const { port, hostname } = new URL(APP);
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(port), hostname === "localhost" ? "127.0.0.1" : hostname);
      let data = "";
      socket.setTimeout(10_000, () => reject(new Error(`no answer while the body was still being sent; got: ${data}`)));
      socket.on("data", (chunk) => {
        data += chunk.toString();
        if (data.includes("\r\n\r\n")) {
          socket.destroy();
          resolve(data);
        }
      });
      socket.on("error", reject);
      socket.write(
        `POST /api/admin/session HTTP/1.1\r\nhost: ${new URL(APP).host}\r\norigin: ${APP}\r\ncontent-type: application/json\r\ncontent-length: ${10 * 1024 * 1024}\r\n\r\n`,
      );
      socket.write(`{"token":"${"y".repeat(20 * 1024)}`); // then nothing more
    });
    expect(reply).toMatch(/^HTTP\/1\.1 413/);
  });
});

test.describe("admin sessions", () => {
  const seal = (data: Record<string, unknown>): Promise<string> => sealData(data, { password: E2E.sessionPassword, ttl: 7 * 24 * 3600 });
  const withCookie = (value: string) => ({ auth: null, headers: { cookie: `wxmp_session=${value}` } });

  test("a session that only says isAdmin (the old format), an expired grant or another token's grant → 401", async () => {
    const fp = adminFingerprint(E2E.adminToken, E2E.sessionPassword);
    expect((await appCall("/api/admin/tokens", withCookie(await seal({ admin: { fp, exp: Date.now() + 60_000 } })))).status).toBe(200);
    expect((await appCall("/api/admin/tokens", withCookie(await seal({ isAdmin: true })))).status).toBe(401);
    expect((await appCall("/api/admin/tokens", withCookie(await seal({ admin: { fp, exp: Date.now() - 1000 } })))).status).toBe(401);
    const otherFp = adminFingerprint("some-other-admin-token-0123", E2E.sessionPassword);
    expect((await appCall("/api/admin/tokens", withCookie(await seal({ admin: { fp: otherFp, exp: Date.now() + 60_000 } })))).status).toBe(401);
  });

  test("the expiry is 12 h from login and other cookie writes do not extend it", async () => {
    const before = Date.now();
    const { status, cookie } = await login(E2E.adminToken, { xff: address() });
    expect(status).toBe(204);
    const sealed = decodeURIComponent(cookie.slice(cookie.indexOf("=") + 1));
    const first = await unsealData<{ admin?: { exp: number } }>(sealed, { password: E2E.sessionPassword });
    expect(first.admin?.exp).toBeGreaterThanOrEqual(before + ADMIN_SESSION_TTL_MS);
    expect(first.admin?.exp).toBeLessThanOrEqual(Date.now() + ADMIN_SESSION_TTL_MS);
    // Starting a sign-in re-seals the cookie (pending authorization): the admin expiry is copied, not renewed.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const res = await fetch(`${APP}/api/auth/wechat?scope=snsapi_base`, { headers: { cookie }, redirect: "manual" });
    const resealed = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    expect(resealed).toMatch(/^wxmp_session=/);
    const second = await unsealData<{ admin?: { exp: number } }>(decodeURIComponent(resealed.slice(resealed.indexOf("=") + 1)), { password: E2E.sessionPassword });
    expect(second.admin?.exp).toBe(first.admin?.exp);
  });

  test("after a restart with a new ADMIN_TOKEN (same SESSION_PASSWORD) every earlier admin session gets 401", async () => {
    const { status, cookie } = await login(E2E.adminToken, { xff: address() });
    expect(status).toBe(204);
    expect((await appCall("/api/admin/tokens", { auth: null, headers: { cookie } })).status).toBe(200);
    const newToken = "rotated-admin-token-9876543210";
    const rotated = await spawnApp(SPARE, { ADMIN_TOKEN: newToken });
    try {
      expect((await appCall("/api/admin/tokens", { port: SPARE, auth: null, headers: { cookie } })).status).toBe(401);
      expect((await appCall("/api/admin/tokens", { port: SPARE, auth: `Bearer ${newToken}` })).status).toBe(200);
      const fresh = await login(newToken, { port: SPARE, xff: address() });
      expect(fresh.status).toBe(204);
      expect((await appCall("/api/admin/tokens", { port: SPARE, auth: null, headers: { cookie: fresh.cookie } })).status).toBe(200);
    } finally {
      await rotated.stop();
    }
  });
});

test.describe("development fallbacks", () => {
  test("without SESSION_PASSWORD / ADMIN_TOKEN a production start stops with one line", async () => {
    await expect(spawnApp(SPARE + 1, { SESSION_PASSWORD: undefined, ADMIN_TOKEN: undefined })).rejects.toThrow(/SESSION_PASSWORD is required/);
  });

  test("under the demo they apply with one warning line each, and the admin token works from loopback only", async () => {
    const app = await spawnApp(SPARE + 2, { SESSION_PASSWORD: undefined, ADMIN_TOKEN: undefined, WXMP_DEMO: "1" });
    try {
      const warnings = app.output().split("\n").filter((line) => line.includes("development default"));
      expect(warnings).toHaveLength(2);
      expect(warnings.some((line) => line.includes("SESSION_PASSWORD"))).toBe(true);
      expect(warnings.some((line) => line.includes("ADMIN_TOKEN") && line.includes("loopback"))).toBe(true);
      const dev = { port: app.port, auth: "Bearer dev-admin-token" };
      expect((await appCall("/api/admin/tokens", dev)).status).toBe(200);
      // Through a tunnel: the connection is local, the caller is not.
      for (const xff of ["203.0.113.7", "127.0.0.1, 203.0.113.7"]) {
        expect((await appCall("/api/admin/tokens", { ...dev, headers: { "x-forwarded-for": xff } })).status, xff).toBe(403);
        expect((await login("dev-admin-token", { port: app.port, xff })).status, xff).toBe(403);
      }
      // Issue 21: a peer on the network (this app listens on every interface) claiming to be
      // 127.0.0.1, and a page of another site rebound to 127.0.0.1 (its own name as Host).
      const lan = Object.values(networkInterfaces()).flat().find((a) => a && a.family === "IPv4" && !a.internal)?.address;
      expect(lan, "a non-loopback address of this machine to connect from").toBeDefined();
      const asPeer = { host: `localhost:${app.port}`, "x-forwarded-for": "127.0.0.1", "x-real-ip": "127.0.0.1" };
      expect(await rawStatus(lan!, app.port, "/api/admin/tokens", { ...asPeer, authorization: "Bearer dev-admin-token" })).toBe(403);
      expect(await rawStatus("127.0.0.1", app.port, "/api/admin/tokens", { host: `evil.example:${app.port}`, authorization: "Bearer dev-admin-token" })).toBe(403);
      expect(await rawStatus("127.0.0.1", app.port, "/api/admin/tokens", { host: `127.0.0.1:${app.port}`, authorization: "Bearer dev-admin-token" })).toBe(200);
    } finally {
      await app.stop();
    }
  });
});

test.describe("https deployments", () => {
  test("HSTS on pages and the __Host- cookie name", async () => {
    const origin = "https://mp.example.test";
    const app = await spawnApp(SPARE + 3, { APP_URL: origin });
    try {
      const page = await fetch(`${app.url}/`);
      expect(page.headers.get("strict-transport-security")).toMatch(/max-age=\d{7,}/);
      // Issue 21: prefetch-flagged requests too.
      const prefetch = await fetch(`${app.url}/`, { headers: { "next-router-prefetch": "1" } });
      expect(prefetch.headers.get("strict-transport-security")).toMatch(/max-age=\d{7,}/);
      const { status, cookie } = await login(E2E.adminToken, { port: app.port, origin, xff: address() });
      expect(status).toBe(204);
      expect(cookie).toMatch(/^__Host-wxmp_session=/);
    } finally {
      await app.stop();
    }
    expect((await fetch(`${APP}/`)).headers.get("strict-transport-security")).toBeNull(); // http: none
  });
});

test.describe("WeChat's error text stays on the server", () => {
  test("/api/jssdk/config: 502 with error, errcode and requestId — no errmsg, no server IP; the dashboard has the full text", async () => {
    // A process with an empty database of its own: nothing cached, so the ticket must be fetched.
    const database = `file:./data/e2e-sec-${SPARE + 4}.db`;
    rmSync(database.slice("file:".length), { force: true });
    execFileSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/db/reset.mjs"], { env: { ...process.env, NODE_ENV: "test", DATABASE_URL: database }, stdio: "ignore" });
    const app = await spawnApp(SPARE + 4, { DATABASE_URL: database, APP_URL: appUrl(SPARE + 4) });
    await sim.config({ ipWhitelist: ["10.0.0.1"] });
    try {
      const answer = await appCall<{ error: string; errcode?: number; requestId?: string }>(
        `/api/jssdk/config?url=${encodeURIComponent(`${app.url}/jssdk`)}`,
        { port: app.port, auth: null },
      );
      expect(answer.status).toBe(502);
      expect(answer.json.error).toBe("wechat_error");
      expect(answer.json.errcode).toBe(40164);
      expect(answer.json.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(Object.keys(answer.json).sort()).toEqual(["errcode", "error", "requestId"]);
      expect(answer.text).not.toContain("127.0.0.1");
      expectCleanError(answer.text);
      expect(app.output()).toContain(answer.json.requestId!); // the log line to look for
      const health = await appCall<{ accessToken: { lastError: string | null } }>("/api/admin/tokens", { port: app.port });
      expect(health.json.accessToken.lastError).toContain("40164");
      expect(health.json.accessToken.lastError).toContain("127.0.0.1");
    } finally {
      await sim.config({ ipWhitelist: [] });
      await app.stop();
    }
  });
});
