import { spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { describe, expect, it } from "vitest";

const TSX = path.resolve(__dirname, "../node_modules/.bin/tsx");
const CLI = path.resolve(__dirname, "cli.ts");

function run(env: Record<string, string>, onUrl?: (url: string, stop: () => void) => void): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const childEnv = { PATH: process.env.PATH ?? "", ...env } as unknown as NodeJS.ProcessEnv;
    const child = spawn(TSX, [CLI], { env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m && onUrl) {
        const cb = onUrl;
        onUrl = undefined;
        cb(m[1]!, () => child.kill("SIGTERM"));
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => resolve({ code, out }));
  });
}

describe("cli", () => {
  it("prints its URL, serves, logs paths without secrets, and exits cleanly on SIGTERM", async () => {
    const env = { WECHAT_APP_ID: "wxcli0000000000001", WECHAT_APP_SECRET: "cli-secret-value", WECHAT_TOKEN: "t", SIM_PORT: "0" };
    let answered = false;
    const result = await run(env, (url, stop) => {
      fetch(`${url}/cgi-bin/token?grant_type=client_credential&appid=wxcli0000000000001&secret=cli-secret-value`)
        .then((r) => r.json() as Promise<{ access_token?: string }>)
        .then((body) => void (answered = typeof body.access_token === "string"))
        .catch(() => undefined)
        .finally(() => setTimeout(stop, 50));
    });
    expect(answered).toBe(true);
    expect(result.out).toContain("GET /cgi-bin/token -> 200");
    expect(result.out).not.toContain("cli-secret-value");
    expect(result.out).toContain("SIGTERM: stopping simulator");
    expect(result.code).toBe(0);
  });

  it("serves a WeChat Pay merchant from SIM_PAY_*, and names a bad one in one line", async () => {
    const { generateKeyPairSync } = await import("node:crypto");
    const { publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const pay = {
      SIM_PAY_MCHID: "1900009191", SIM_PAY_MERCHANT_SERIAL: "5D7D8ADB081A5F96E3EE522562337487452C7058", SIM_PAY_APIV3_KEY: "0123456789abcdef0123456789abcdef",
      // One line with literal \n, as hosting variables hold PEMs.
      SIM_PAY_MERCHANT_PUBLIC_KEY: (publicKey.export({ type: "spki", format: "pem" }) as string).replace(/\n/g, "\\n"),
    };
    const account = { WECHAT_APP_ID: "wxcli0000000000001", WECHAT_APP_SECRET: "s", WECHAT_TOKEN: "t", SIM_PORT: "0" };
    let appEnv: Record<string, string> = {};
    const result = await run({ ...account, ...pay }, (url, stop) => {
      fetch(`${url}/__sim/pay/app-env`)
        .then((r) => r.json() as Promise<Record<string, string>>)
        .then((body) => void (appEnv = body))
        .catch(() => undefined)
        .finally(() => setTimeout(stop, 50));
    });
    expect(result.out).toContain("WeChat Pay: mchid 1900009191, public-key mode");
    expect(appEnv.WECHATPAY_MCHID).toBe("1900009191");
    expect(appEnv.WECHATPAY_PUBLIC_KEY).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const bad = await run({ ...account, ...pay, SIM_PAY_APIV3_KEY: "short" });
    expect(bad.code).toBe(1);
    expect(bad.out.trim().split("\n")).toEqual(["wechat-simulator: pay merchant 1900009191: apiV3Key must be 32 bytes"]);
  });

  it("refuses to start without the account's credentials", async () => {
    const result = await run({ WECHAT_APP_ID: "wx1" });
    expect(result.code).toBe(1);
    expect(result.out).toContain("WECHAT_APP_SECRET is required");
  });

  it("with SIM_PORT taken, exits with one line naming SIM_PORT (no stack trace)", async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", r));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const result = await run({ WECHAT_APP_ID: "wxcli0000000000001", WECHAT_APP_SECRET: "s", WECHAT_TOKEN: "t", SIM_PORT: String(port) });
      expect(result.code).toBe(1);
      expect(result.out.trim().split("\n")).toEqual([`wechat-simulator: 端口 ${port} 已被占用 / port ${port} (SIM_PORT) for the simulator is in use: set SIM_PORT to a free port`]);
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });
});
