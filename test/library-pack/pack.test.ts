/**
 * The libraries install into an app that has nothing else of this repository: `npm pack`
 * (scripts/pack-library.mjs: JavaScript and declarations), `npm install` of the tarballs into a
 * scratch project in the system's temp folder, offline — @wxmp/wechat's one runtime dependency
 * (fast-xml-parser) and @types/node are packed from this repository's node_modules, so no
 * registry is asked — then `tsc` on an example (strict, NodeNext, no DOM library, the
 * declarations checked too) and the example run with plain `node` against the simulator: it
 * creates a menu through the API and answers a tap on it, in safe mode. @wxmp/wechatpay likewise:
 * its declarations checked by the same tsc, its entry loaded and called by plain node.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "@/simulator/server";

const root = path.resolve(__dirname, "../..");
const APP = { appId: "wx0pack00000000001", appSecret: "pack-secret-0123456789abcdef0123", token: "packtoken", encodingAESKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG" };

let work: string;
let scratch: string;
let tsc: { status: number; output: string };
let sim: RunningSimulator;
let app: ChildProcess | undefined;
let appOutput = "";

/** `name` and what it needs at run time, as folders of this repository's node_modules (nested copies first). */
function dependencyClosure(names: string[], from = root, seen = new Map<string, string>()): string[] {
  for (const name of names) {
    if (seen.has(name)) continue;
    let dir = from;
    while (!existsSync(path.join(dir, "node_modules", name, "package.json"))) {
      if (dir === root) throw new Error(`${name} is not installed`);
      dir = path.dirname(dir);
    }
    const folder = path.join(dir, "node_modules", name);
    seen.set(name, folder);
    const manifest = JSON.parse(readFileSync(path.join(folder, "package.json"), "utf8")) as { dependencies?: Record<string, string> };
    dependencyClosure(Object.keys(manifest.dependencies ?? {}), folder, seen);
  }
  return [...seen.values()];
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** What `npm` and `tsc` need, and nothing that points back into this repository. */
const isolatedEnv = (): NodeJS.ProcessEnv => {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (/^(npm_|NODE_PATH$|NODE_OPTIONS$|INIT_CWD$)/i.test(key)) delete env[key];
  return env;
};

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), "wxmp-pack-"));
  const tarballs = path.join(work, "tarballs");
  scratch = path.join(work, "app");
  mkdirSync(path.join(scratch, "src"), { recursive: true });

  execFileSync(process.execPath, [path.join(root, "scripts/pack-library.mjs"), "--out", tarballs], { cwd: root, encoding: "utf8" });
  const wechat = JSON.parse(readFileSync(path.join(root, "lib/wechat/package.json"), "utf8")) as { dependencies: Record<string, string> };
  const runtime = dependencyClosure([...Object.keys(wechat.dependencies), "@types/node"]);
  execFileSync("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", tarballs, ...runtime], { cwd: work, env: isolatedEnv() });

  writeFileSync(path.join(scratch, "package.json"), JSON.stringify({ name: "scratch-app", private: true, type: "module" }));
  writeFileSync(
    path.join(scratch, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", lib: ["es2023"], types: ["node"], strict: true, skipLibCheck: false, rootDir: "src", outDir: "dist" },
      include: ["src"],
    }),
  );
  copyFileSync(path.join(__dirname, "example.ts"), path.join(scratch, "src/example.ts"));
  // A misuse the declarations must catch (a button without its name): proves the types are real, not `any`.
  writeFileSync(
    path.join(scratch, "src/misuse.ts"),
    'import type { Menu } from "@wxmp/wechat/api/menu";\nexport const menu: Menu = { button: [{ type: "click", key: "K" }] };\n',
  );
  // WeChat Pay's package: its declarations type-checked with the rest, its entry loaded by node below.
  writeFileSync(
    path.join(scratch, "src/pay.ts"),
    'import { buildPaySignMessage, createWeChatPayClient, type JsapiPayParams } from "@wxmp/wechatpay";\nexport const pay: [typeof buildPaySignMessage, typeof createWeChatPayClient, JsapiPayParams?] = [buildPaySignMessage, createWeChatPayClient];\n',
  );
  const tgz = readdirSync(tarballs).filter((f) => f.endsWith(".tgz")).map((f) => path.join(tarballs, f));
  execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", "--no-package-lock", ...tgz], { cwd: scratch, env: isolatedEnv(), stdio: "pipe" });

  try {
    tsc = { status: 0, output: execFileSync(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "-p", scratch], { cwd: scratch, encoding: "utf8" }) };
  } catch (error) {
    const e = error as { status: number; stdout: string };
    tsc = { status: e.status, output: e.stdout };
  }

  const port = await freePort();
  sim = await startSimulator({ ...APP, port: 0, followers: 3, webhookUrl: `http://127.0.0.1:${port}/wechat` });
  app = spawn(process.execPath, [path.join(scratch, "dist/example.js")], {
    cwd: scratch,
    env: { ...isolatedEnv(), APP_ID: APP.appId, APP_SECRET: APP.appSecret, TOKEN: APP.token, AES_KEY: APP.encodingAESKey, API_BASE_URL: sim.url, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      appOutput += chunk.toString();
      if (appOutput.includes("ready")) resolve();
    };
    app!.stdout!.on("data", onData);
    app!.stderr!.on("data", onData);
    app!.once("exit", (code) => reject(new Error(`the example exited (${code}): ${appOutput}`)));
  });
}, 120_000);

afterAll(async () => {
  app?.kill();
  await sim?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("the packed libraries in an app of their own", () => {
  it("install as copies holding JavaScript and declarations, no TypeScript source, no tests", () => {
    for (const name of ["wechat", "wechatpay"]) {
      const installed = path.join(scratch, "node_modules/@wxmp", name);
      expect(lstatSync(installed).isSymbolicLink()).toBe(false);
      const files = readdirSync(installed, { recursive: true }).map(String);
      expect(files).toContain(path.join("dist", "index.js"));
      expect(files).toContain(path.join("dist", "index.d.ts"));
      expect(files.filter((f) => /\.ts$/.test(f) && !f.endsWith(".d.ts"))).toEqual([]);
      expect(files.filter((f) => /\.test\.|(^|\/)testing\//.test(f))).toEqual([]);
    }
    expect(readFileSync(path.join(scratch, "node_modules/@wxmp/wechat/package.json"), "utf8")).not.toContain("index.ts");
  });

  it("type-check: the example compiles, the misuse is refused by the declarations", () => {
    const errors = tsc.output.split("\n").filter((line) => /error TS/.test(line));
    expect(errors.length, tsc.output).toBe(1);
    expect(errors[0]).toMatch(/^src\/misuse\.ts\(2,\d+\): error TS2322: Type '\{ type: "click"; key: string; \}' is not assignable to type 'MenuButton'/);
    expect(existsSync(path.join(scratch, "dist/example.js"))).toBe(true);
  });

  it("@wxmp/wechatpay loads with plain node and signs a JSAPI pay message as WeChat Pay documents it", () => {
    const script = 'import("@wxmp/wechatpay").then((m) => console.log(JSON.stringify(m.buildPaySignMessage("wx1", "1", "n", "prepay_id=p"))))';
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: scratch, env: isolatedEnv(), encoding: "utf8" });
    expect(JSON.parse(out)).toBe("wx1\n1\nn\nprepay_id=p\n");
  });

  it("the example created its menu through the simulator's API", async () => {
    const res = await fetch(`${sim.url}/__sim/menu`);
    const { menu } = (await res.json()) as { menu: { button: { type: string; name: string; key: string }[] } };
    expect(menu.button).toEqual([{ type: "click", name: "今日推荐", key: "TODAY" }]);
  });

  it("its webhook answers a tap on that menu, pushed in safe mode", async () => {
    const res = await fetch(`${sim.url}/__sim/menu/tap`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ path: "button[0]", mode: "safe" }) });
    expect(res.status).toBe(200);
    const push = (await res.json()) as { delivered: boolean; mode: string; reply: unknown; replyErrors: string[]; attempts: { body?: string }[] };
    expect(push.mode).toBe("safe");
    expect(push.delivered).toBe(true);
    expect(push.attempts[0]?.body).toContain("<Encrypt>");
    expect(push.replyErrors).toEqual([]);
    expect(push.reply).toEqual({ kind: "text", content: "你点了 TODAY" });
  });
});
