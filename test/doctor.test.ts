/**
 * `npm run doctor` against the simulator: the healthy run, then each failure
 * injected (simulator faults and config, or a bad variable) giving its own line.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { resolveDatabaseUrl } from "@/lib/db/url";
import type { DatabaseProbe, PublicDir } from "@/lib/doctor/checks";
import { createDatabaseProbe } from "@/lib/doctor/database";
import { formatReport, type CheckResult } from "@/lib/doctor/report";
import { runDoctor, secretsOf } from "@/lib/doctor/run";
import type { RunningSimulator } from "@/simulator/server";
import { AES_KEY, APP_ID, APP_SECRET, startTestSimulator } from "@/simulator/testing/test-support";
import { migrateDatabase, openTestDb, testDatabaseUrl } from "./support/test-db";

// WeChat's Token rule is letters and digits only (the simulator's own test token has a hyphen).
const TOKEN = "doctorToken123";

const VERIFY_NAME = "MP_verify_Ab12Cd34Ef56Gh78.txt";
const VERIFY_BODY = "Ab12Cd34Ef56Gh78";
const MIGRATIONS = ["20250101000000_init", "20250201000000_more"];

let sim: RunningSimulator;
let app: http.Server;
let appUrl: string;
let served = VERIFY_BODY;

/** A stand-in for the running app: serves the MP_verify file and answers the webhook URL. */
beforeAll(async () => {
  app = http.createServer((req, res) => {
    if (req.url === `/${VERIFY_NAME}`) return void res.end(served);
    // The script run reads the repository's own public/: serve whatever MP_verify file it has, as the app would.
    const file = /^\/(MP_verify_[A-Za-z0-9]+\.txt)$/.exec(req.url ?? "")?.[1];
    if (file && existsSync(path.resolve(__dirname, "../public", file))) return void res.end(readFileSync(path.resolve(__dirname, "../public", file)));
    res.end("ok");
  });
  await new Promise<void>((r) => app.listen(0, "127.0.0.1", r));
  appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  sim = await startTestSimulator({ webhookUrl: `${appUrl}/api/wechat` });
});
afterAll(async () => {
  await sim.close();
  await new Promise((r) => app.close(r));
});
beforeEach(() => {
  sim.state.reset();
  sim.state.config.webhookUrl = `${appUrl}/api/wechat`;
  served = VERIFY_BODY;
});

const healthyEnv = (): Record<string, string | undefined> => ({
  NODE_ENV: "production",
  WECHAT_APP_ID: APP_ID,
  WECHAT_APP_SECRET: APP_SECRET,
  WECHAT_TOKEN: TOKEN,
  WECHAT_ENCODING_AES_KEY: AES_KEY,
  WECHAT_API_BASE_URL: sim.url,
  SESSION_PASSWORD: "doctor-session-password-0123456789-abcdef",
  ADMIN_TOKEN: "doctor-admin-token-0123456789",
  APP_URL: appUrl,
  DATABASE_URL: "file:unused.db",
});

const allApplied: DatabaseProbe = { applied: async () => MIGRATIONS, expected: async () => MIGRATIONS };
const withVerifyFile: PublicDir = { list: async () => [VERIFY_NAME, "favicon.ico"], read: async () => `${VERIFY_BODY}\n` };

function doctor(o: { env?: Record<string, string | undefined>; database?: DatabaseProbe; publicDir?: PublicDir } = {}): Promise<CheckResult[]> {
  return runDoctor({ env: o.env ?? healthyEnv(), fetch: (i, init) => fetch(i, init), database: o.database ?? allApplied, publicDir: o.publicDir ?? withVerifyFile });
}

const failures = (results: CheckResult[]): CheckResult[] => results.filter((r) => r.status === "fail");
const line = (results: CheckResult[], name: string): CheckResult => results.find((r) => r.name === name)!;

/** Exactly one failing check, the named one; returns its line. */
function onlyFailure(results: CheckResult[], name: string): string {
  expect(failures(results).map((r) => r.name)).toEqual([name]);
  return line(results, name).line;
}

describe("doctor against the simulator", () => {
  it("passes every check on a healthy setup, without printing a secret", async () => {
    const results = await doctor();
    expect(results.map((r) => [r.name, r.status])).toEqual([
      ["env", "ok"], ["database", "ok"], ["access_token", "ok"], ["callback ips", "ok"], ["callback check", "ok"],
      ["APP_URL", "ok"], ["MP_verify", "ok"], ["wechat pay", "skip"], ["platform", "skip"], ["WECHAT_TOKEN", "ok"], ["WECHAT_ENCODING_AES_KEY", "ok"],
    ]);
    const report = formatReport(results, secretsOf(healthyEnv()));
    expect(report).toMatch(/全部检查通过 \/ all checks passed$/);
    for (const secret of [APP_SECRET, AES_KEY, TOKEN, "doctor-admin-token"]) expect(report).not.toContain(secret);
    expect(sim.state.calls["cgi-bin/callback/check"]).toBe(1);
  });

  it("40164: names the refused IP and where to whitelist it", async () => {
    sim.state.config.ipWhitelist = ["10.1.2.3"];
    const results = await doctor();
    const text = onlyFailure(results, "access_token");
    expect(text).toMatch(/^40164 本机出口 IP 127\.0\.0\.1 不在白名单.*IP白名单 中加入 127\.0\.0\.1 \/ 40164 .*add 127\.0\.0\.1/);
    expect(line(results, "callback check").status).toBe("skip");
  });

  it.each([
    [40125, /^40125 AppSecret 无效.*WECHAT_APP_SECRET \/ 40125 invalid AppSecret/],
    [40013, /^40013 AppID 无效.*WECHAT_APP_ID \/ 40013 invalid AppID/],
    [40243, /^40243 AppSecret 已被冻结.* \/ 40243 the AppSecret is frozen/],
    [45009, /^45009 今日 access_token 调用次数已用完.* \/ 45009 today's access_token quota/],
  ])("cgi-bin/token errcode %i is explained", async (errcode, expected) => {
    sim.state.faults.add({ endpoint: "cgi-bin/token", errcode });
    expect(onlyFailure(await doctor(), "access_token")).toMatch(expected);
  });

  it("a wrong secret in the configuration is caught by the simulator itself (40125)", async () => {
    const results = await doctor({ env: { ...healthyEnv(), WECHAT_APP_SECRET: "wrong-secret-value" } });
    expect(onlyFailure(results, "access_token")).toContain("40125");
    expect(formatReport(results, ["wrong-secret-value"])).not.toContain("wrong-secret-value");
  });

  it("getcallbackip refused (48001)", async () => {
    sim.state.faults.add({ endpoint: "cgi-bin/getcallbackip", errcode: 48001 });
    expect(onlyFailure(await doctor(), "callback ips")).toMatch(/^getcallbackip 失败 48001.* \/ getcallbackip failed with 48001/);
  });

  it("callback/check: WeChat cannot reach the server URL", async () => {
    sim.state.config.webhookUrl = "http://127.0.0.1:9/api/wechat";
    expect(onlyFailure(await doctor(), "callback check")).toMatch(/^微信连不上服务器地址.* \/ WeChat cannot reach the server URL/);
  });

  it("callback/check not available to the account (48001) is a warning, not a failure", async () => {
    sim.state.faults.add({ endpoint: "cgi-bin/callback/check", errcode: 48001 });
    const results = await doctor();
    expect(failures(results)).toEqual([]);
    expect(line(results, "callback check")).toMatchObject({ status: "warn", line: expect.stringMatching(/^此账号没有 callback\/check 接口权限/) });
  });

  it("callback/check refused with another errcode fails and names it", async () => {
    sim.state.faults.add({ endpoint: "cgi-bin/callback/check", errcode: 40097 });
    expect(onlyFailure(await doctor(), "callback check")).toMatch(/^callback\/check 失败 40097/);
  });

  it("callback/check: the server URL's host does not resolve", async () => {
    sim.state.config.webhookUrl = "http://no-such-host.invalid/api/wechat";
    expect(onlyFailure(await doctor(), "callback check")).toMatch(/^微信解析不到服务器地址的域名.* \/ WeChat cannot resolve/);
  });

  it("the API host unreachable (HTTP 502 from a proxy)", async () => {
    sim.state.faults.add({ endpoint: "cgi-bin/token", httpStatus: 502 });
    expect(onlyFailure(await doctor(), "access_token")).toMatch(/连不上 .*HTTP 502.* \/ cannot reach/);
  });

  it("APP_URL over http on a public production host", async () => {
    const results = await doctor({ env: { ...healthyEnv(), APP_URL: "http://mp.example.com" } });
    expect(line(results, "APP_URL")).toMatchObject({ status: "fail", line: expect.stringMatching(/^生产环境的 APP_URL 必须是 https.* \/ APP_URL must be https/) });
  });

  it("MP_verify: served with other content fails; missing warns in a local setup", async () => {
    served = "something else";
    expect(onlyFailure(await doctor(), "MP_verify")).toMatch(/访问不到或内容不同.* \/ .*is not served as in public/);
    const none = await doctor({ publicDir: { list: async () => null, read: async () => "" } });
    expect(failures(none)).toEqual([]);
    expect(line(none, "MP_verify").status).toBe("warn");
  });

  it("WECHAT_TOKEN and WECHAT_ENCODING_AES_KEY malformed: one line each, env schema not blamed twice", async () => {
    const results = await doctor({ env: { ...healthyEnv(), WECHAT_TOKEN: "has spaces!", WECHAT_ENCODING_AES_KEY: "short" } });
    expect(failures(results).map((r) => r.name)).toEqual(["WECHAT_TOKEN", "WECHAT_ENCODING_AES_KEY"]);
    expect(line(results, "WECHAT_TOKEN").line).toMatch(/^WECHAT_TOKEN 须为 3-32 位英文或数字.* \/ WECHAT_TOKEN must be 3-32/);
    expect(line(results, "WECHAT_ENCODING_AES_KEY").line).toMatch(/须为 43 位.*has 5/);
  });

  it("an invalid variable fails the env line and skips what depends on it", async () => {
    const results = await doctor({ env: { ...healthyEnv(), APP_URL: "mp.example.com" } });
    expect(onlyFailure(results, "env")).toMatch(/^环境变量 APP_URL .* \/ fix APP_URL/);
    expect(line(results, "access_token").status).toBe("skip");
    expect(sim.state.calls["cgi-bin/token"]).toBeUndefined();
  });

  it("database unreachable, and migrations pending", async () => {
    const down: DatabaseProbe = { applied: async () => Promise.reject(new Error("ECONNREFUSED")), expected: async () => MIGRATIONS };
    expect(onlyFailure(await doctor({ database: down }), "database")).toMatch(/^连不上数据库.*DATABASE_URL.* \/ cannot reach the SQLite database/);
    const behind: DatabaseProbe = { applied: async () => MIGRATIONS.slice(0, 1), expected: async () => MIGRATIONS };
    expect(onlyFailure(await doctor({ database: behind }), "database")).toMatch(/^有 1 个迁移未执行（20250201000000_more…）：运行 npm run db:migrate \/ 1 migration/);
  });

  it("three problems, three lines", async () => {
    sim.state.config.ipWhitelist = ["10.1.2.3"];
    const results = await doctor({ env: { ...healthyEnv(), WECHAT_TOKEN: "x" }, database: { applied: async () => [], expected: async () => MIGRATIONS } });
    expect(failures(results).map((r) => r.name)).toEqual(["database", "access_token", "WECHAT_TOKEN"]);
    expect(formatReport(results)).toContain("3 项检查未通过 / 3 check(s) failed");
  });
});

/** Runs `npm run doctor`'s script in a child process (async: the simulator answers in this one). */
function runScript(env: Record<string, string | undefined>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.resolve(__dirname, "../node_modules/tsx/dist/cli.mjs"), "scripts/doctor.ts"], {
      cwd: path.resolve(__dirname, ".."),
      env: { PATH: process.env.PATH, ...env } as unknown as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (out += c.toString()));
    child.on("exit", (code) => resolve({ code, out }));
  });
}

describe("scripts/doctor.ts", () => {
  it("exits 0 on a healthy setup and 1 with a failure, never printing the secret", async () => {
    const url = testDatabaseUrl();
    migrateDatabase(url);
    const healthy = await runScript({ ...healthyEnv(), DATABASE_URL: url });
    expect(healthy.out.trim().split("\n").at(-1)).toBe("全部检查通过 / all checks passed");
    expect(healthy.code).toBe(0);
    const broken = await runScript({ ...healthyEnv(), DATABASE_URL: url, WECHAT_APP_SECRET: "a-wrong-secret-value" });
    expect(broken.code).toBe(1);
    expect(broken.out).toMatch(/^✗ access_token: 40125 AppSecret 无效/m);
    expect(broken.out).not.toContain("a-wrong-secret-value");
    expect(broken.out).not.toContain(AES_KEY);
  });
});

describe("the real database probe", () => {
  it("agrees with npm run db:migrate: a migrated database has every shipped migration (SQLite, or TEST_DATABASE_URL)", async () => {
    const url = testDatabaseUrl();
    migrateDatabase(url);
    const target = resolveDatabaseUrl(url);
    const probe = createDatabaseProbe(process.cwd());
    const expected = await probe.expected(target.provider);
    expect(expected.length).toBeGreaterThan(0);
    expect(await probe.applied(target)).toEqual(expect.arrayContaining(expected));
  });

  it("reads applied migrations from a SQLite file, and the repository's migration list", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "doctor-"));
    try {
      const probe = createDatabaseProbe(process.cwd());
      const file = path.join(dir, "app.db");
      expect(await probe.applied({ provider: "sqlite", file })).toEqual([]);
      const { default: Database } = await import("better-sqlite3");
      const db = new Database(file);
      db.exec("create table _prisma_migrations (migration_name text, finished_at text, rolled_back_at text)");
      db.prepare("insert into _prisma_migrations values (?, ?, ?), (?, ?, ?)").run("a_ok", "2025", null, "b_rolled_back", "2025", "2025");
      db.close();
      expect(await probe.applied({ provider: "sqlite", file })).toEqual(["a_ok"]);
      const shipped = await probe.expected("sqlite");
      expect(shipped.length).toBeGreaterThan(0);
      expect([...shipped].sort()).toEqual(shipped);
      writeFileSync(path.join(dir, "junk.db"), "not a database");
      await expect(probe.applied({ provider: "sqlite", file: path.join(dir, "junk.db") })).rejects.toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reads the platform's last component_verify_ticket as the app's store wrote it, with its time (SQLite, or TEST_DATABASE_URL)", async () => {
    const { db, url } = await openTestDb();
    try {
      const { createPrismaComponentTicketStore } = await import("@/lib/platform/prisma-ticket-store");
      const componentAppId = `wx${Date.now().toString(16).padStart(16, "0")}`;
      const probe = createDatabaseProbe(process.cwd());
      const target = resolveDatabaseUrl(url);
      expect(await probe.componentTicket!(target, componentAppId)).toBeNull();
      await createPrismaComponentTicketStore(db).save(componentAppId, { ticket: "ticket@@@probe", createdAt: 1_765_000_000_123, receivedAt: 1_765_000_001_000 });
      expect(await probe.componentTicket!(target, componentAppId)).toEqual({ ticket: "ticket@@@probe", createdAt: 1_765_000_000_123 });
    } finally {
      await db.$disconnect();
    }
  });

  it("an unreachable PostgreSQL rejects", async () => {
    await expect(createDatabaseProbe(process.cwd()).applied({ provider: "postgresql", url: "postgresql://postgres@127.0.0.1:9/none" })).rejects.toThrow();
  });
});
