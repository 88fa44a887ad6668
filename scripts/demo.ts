/**
 * `npm run demo`: the app on its embedded defaults (SQLite under data/) with the WeChat
 * simulator standing in for api.weixin.qq.com / open.weixin.qq.com — no WeChat account.
 * Builds once (or with --rebuild), migrates, starts both, prints what to open.
 * Ports: DEMO_PORT (3000) for the app, SIM_PORT (4000) for the simulator. A taken default
 * moves to the next free port (said in one line); a taken port set explicitly ends the demo
 * with one line naming the variable. `--check-ports` only resolves the ports and prints them.
 * Both listen on 127.0.0.1 only: the demo's secrets are public, so nothing on the network may
 * reach it (its pages and URLs name localhost anyway).
 * Third-party platform mode (docs/open-platform.md) works with no setup too: the simulator plays
 * the open platform with a second simulated 公众号 to authorize from the console (账号 →
 * 授权新公众号); the app gets the platform's WECHAT_COMPONENT_* and the simulator's pages.
 * WeChat Pay works with no setup: the demo makes a throwaway merchant on its first run and keeps it
 * in data/demo-wechatpay.json (scripts/demo-wechatpay.ts); the simulator plays WeChat Pay.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { choosePort, type PortChoice } from "../simulator/ports";
import { startSimulator } from "../simulator/server";
import { accountPayBody, demoWechatPay } from "./demo-wechatpay";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** Where the app and the simulator listen: this machine only. */
const LOOPBACK = "127.0.0.1";

function portOrExit(choice: PortChoice): number {
  if (!choice.ok) {
    console.error(`demo: ${choice.message}`);
    process.exit(1);
  }
  if (choice.note) console.log(`demo: ${choice.note}`);
  return choice.port;
}

const appPort = portOrExit(await choosePort({ variable: "DEMO_PORT", value: process.env.DEMO_PORT, fallback: 3000, label: "app" }));
const simPort = portOrExit(await choosePort({ variable: "SIM_PORT", value: process.env.SIM_PORT, fallback: 4000, label: "simulator", exclude: [appPort] }));
if (process.argv.includes("--check-ports")) {
  console.log(`demo ports: app ${appPort}, simulator ${simPort}`);
  process.exit(0);
}
const appUrl = `http://localhost:${appPort}`;

// Throwaway demo credentials: the simulator accepts exactly these. Never use them for real.
const demo = {
  appId: "wx0demo00000000001",
  appSecret: "demo0secret00000000000000000001",
  token: "demotoken",
  encodingAESKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
};
// The demo's third-party platform (throwaway too) and the second 公众号 that can authorize it.
const platform = {
  componentAppId: "wx0democomponent01",
  componentAppSecret: "demo0component0secret0000000001",
  token: "democomponenttoken",
  encodingAESKey: "democomponentkey0123456789ABCDEFGHIJKLMNOPQ",
  name: "演示第三方平台",
};
const secondAccount = {
  appId: "wx0de0000000000002",
  appSecret: "demo0secret00000000000000000002",
  token: "demotoken2",
  accountName: "第二个演示公众号",
};
// Without SESSION_PASSWORD / ADMIN_TOKEN in the environment the app uses its known
// development fallbacks (WXMP_DEMO=1 allows them): it warns at start, and the admin routes
// then answer only requests from this machine (docs/security.md).
const adminToken = process.env.ADMIN_TOKEN?.trim() || "dev-admin-token";
const pay = demoWechatPay(root, `http://127.0.0.1:${simPort}`);
if (pay.created) console.log(`demo: made a throwaway WeChat Pay merchant (${path.relative(root, pay.file)})`);
// The second 公众号's own merchant (issue 26): entered on its account once it is authorized.
const secondPay = demoWechatPay(root, `http://127.0.0.1:${simPort}`, { second: true });
if (secondPay.created) console.log(`demo: made a throwaway merchant for the second account (${path.relative(root, secondPay.file)})`);

function run(label: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  console.log(`› ${label}`);
  const result = spawnSync(command, args, { cwd: root, env, stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`demo: ${label} failed`);
    process.exit(result.status ?? 1);
  }
}

const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
  WECHAT_APP_ID: demo.appId,
  WECHAT_APP_SECRET: demo.appSecret,
  WECHAT_TOKEN: demo.token,
  WECHAT_ENCODING_AES_KEY: demo.encodingAESKey,
  // The simulator's chat offers all three message modes; a deployment with a key refuses
  // plaintext pushes unless this is set (only while switching the console's mode).
  WECHAT_ACCEPT_PLAINTEXT: "1",
  WECHAT_API_BASE_URL: `http://127.0.0.1:${simPort}`,
  WECHAT_OAUTH_BASE_URL: `http://localhost:${simPort}`,
  WXMP_DEMO: "1",
  APP_URL: appUrl,
  BOT_DEMO_COMMANDS: "1",
  // WeChat Pay (app-contract.md): the merchant's private side; the simulator holds the public side.
  ...pay.appEnv,
  // Third-party platform mode: the simulator's open platform and its authorization pages.
  WECHAT_COMPONENT_APP_ID: platform.componentAppId,
  WECHAT_COMPONENT_APP_SECRET: platform.componentAppSecret,
  WECHAT_COMPONENT_TOKEN: platform.token,
  WECHAT_COMPONENT_ENCODING_AES_KEY: platform.encodingAESKey,
  WECHAT_COMPONENT_LOGIN_PAGE_URL: `http://localhost:${simPort}/cgi-bin/componentloginpage`,
  WECHAT_COMPONENT_MOBILE_PAGE_URL: `http://localhost:${simPort}/wxaopen/safe/bindcomponent`,
};

run("migrating the database", process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/db/migrate.mjs"], env);
if (process.argv.includes("--rebuild") || !existsSync(path.join(root, ".next/BUILD_ID"))) {
  run("building the app (first run only, about a minute)", process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], env);
}

const sim = await startSimulator({
  appId: demo.appId,
  appSecret: demo.appSecret,
  token: demo.token,
  encodingAESKey: demo.encodingAESKey,
  port: simPort,
  host: LOOPBACK,
  publicUrl: `http://localhost:${simPort}`,
  webhookUrl: `http://127.0.0.1:${appPort}/api/wechat`,
  // The env's merchant for the first 公众号; the second one has its own merchant, bound to its AppID.
  pay: [pay.simulator, { ...secondPay.simulator, appId: secondAccount.appId }],
  accounts: [secondAccount],
  // The open platform: tickets to our 授权事件接收URL, an authorized account's pushes to /api/wechat/{appid}.
  component: { ...platform, eventUrl: `http://127.0.0.1:${appPort}/api/wechat/component`, pushTicketAtStart: false },
}).catch((error: Error) => {
  // Taken between the check and now.
  console.error(`demo: the simulator cannot listen on ${simPort} (${error.message}): set SIM_PORT to a free port`);
  process.exit(1);
});

const app = spawn(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "start", "-p", String(appPort), "-H", LOOPBACK], {
  cwd: root,
  env,
  stdio: ["ignore", "inherit", "inherit"],
});

const stop = (code: number) => {
  app.kill("SIGTERM");
  void sim.close().finally(() => process.exit(code));
};
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));
app.on("exit", (code) => {
  console.error(`demo: the app exited (${code ?? "signal"})`);
  stop(code ?? 1);
});

// Wait until the app answers, then say what to open.
for (let i = 0; i < 100; i++) {
  const ok = await fetch(`${appUrl}/api/health`).then((r) => r.ok, () => false);
  if (ok) break;
  await new Promise((resolve) => setTimeout(resolve, 200));
}
/**
 * The second 公众号 becomes an account when it authorizes the platform (a click in the console);
 * then its own merchant is entered on it, as an operator would on the 账号 screen, so it pays
 * through that merchant with nothing set by hand. Checked every 2 s until done.
 */
const adminHeaders = { authorization: `Bearer ${adminToken}`, "content-type": "application/json" };
const giveSecondAccountItsMerchant = async (): Promise<boolean> => {
  const res = await fetch(`${appUrl}/api/admin/accounts/${secondAccount.appId}`, { headers: adminHeaders }).catch(() => null);
  if (!res?.ok) return false;
  const { account } = (await res.json()) as { account: { pay: { mchid: string } | null } };
  if (account.pay?.mchid === secondPay.simulator.mchid) return true;
  const patched = await fetch(`${appUrl}/api/admin/accounts/${secondAccount.appId}`, { method: "PATCH", headers: adminHeaders, body: JSON.stringify({ pay: accountPayBody(secondPay) }) }).catch(() => null);
  if (patched?.ok) console.log(`demo: ${secondAccount.appId} now pays through its own merchant ${secondPay.simulator.mchid}`);
  return Boolean(patched?.ok);
};
const merchantWatch = setInterval(() => void giveSecondAccountItsMerchant().then((done) => done && clearInterval(merchantWatch)), 2000);
merchantWatch.unref();
// The simulator started before the app: the first component_verify_ticket goes now (then every 10 minutes).
await fetch(`http://127.0.0.1:${simPort}/__sim/component/ticket`, { method: "POST" }).catch(() => undefined);
console.log(`
  公众号网页示例已启动 / The demo is running (Ctrl+C to stop)

  应用 App              ${appUrl}
  模拟器 Simulator       http://localhost:${simPort}/   ← 在这里以粉丝身份聊天 / chat as a follower
  管理后台 Admin         ${appUrl}/admin   口令 token: ${adminToken}
  微信内置浏览器          npm run demo:wechat-browser   (Chromium + 模拟的 WeixinJSBridge)
  第三方平台 Platform     ${appUrl}/admin/accounts → 授权新公众号（模拟的「${secondAccount.accountName}」${secondAccount.appId}）
  微信支付 WeChat Pay     模拟商户 ${pay.appEnv.WECHATPAY_MCHID}（支付通知与重试：http://localhost:${simPort}/__sim/pay/notifications）
  第二个号的商店 Shop     ${appUrl}/shop?appid=${secondAccount.appId}   （授权后；它经自己的模拟商户 ${secondPay.simulator.mchid} 收款，授权后自动填好）
`);
