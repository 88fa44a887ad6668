/**
 * Runs the simulator from the command line:
 *   WECHAT_APP_ID=… WECHAT_APP_SECRET=… WECHAT_TOKEN=… npx tsx simulator/cli.ts
 * Env: WECHAT_APP_ID, WECHAT_APP_SECRET, WECHAT_TOKEN (required; the same
 * account as the app), WECHAT_ENCODING_AES_KEY, SIM_PORT (4100), SIM_HOST
 * (127.0.0.1), SIM_WEBHOOK_URL (http://127.0.0.1:3000/api/wechat),
 * SIM_PUBLIC_URL, SIM_FOLLOWERS (seeded followers, default 250; the follower-sync benchmark
 * seeds 100000), SIM_QUIET=1 to silence the request log. WeChat Pay: SIM_PAY_* (groups/pay/env-options.ts;
 * off unless SIM_PAY_MCHID is set). The third-party platform: SIM_COMPONENT_* (groups/component/env-options.ts;
 * off unless SIM_COMPONENT_APPID is set). More 公众号: SIM_ACCOUNTS, a JSON array of
 * {appId, appSecret, token, encodingAESKey?, accountName?, followers?, webhookUrl?}.
 */
import type { AccountInput } from "./core/options";
import { componentOptionsFromEnv } from "./groups/component/env-options";
import { payOptionsFromEnv } from "./groups/pay/env-options";
import { choosePort } from "./ports";
import { startSimulator } from "./server";

function fail(message: string): never {
  process.stderr.write(`wechat-simulator: ${message}\n`);
  process.exit(1);
}

/** SIM_ACCOUNTS: a JSON array of further accounts (checked again when they are added). */
function accountsFromEnv(raw: string | undefined): AccountInput[] {
  if (!raw) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    if (Array.isArray(parsed) && parsed.every((a) => a && typeof a === "object" && typeof (a as AccountInput).appId === "string")) return parsed as AccountInput[];
  } catch {
    // fall through to the one-line message
  }
  return fail("SIM_ACCOUNTS must be a JSON array of {appId, appSecret, token, encodingAESKey?, accountName?}");
}

async function main(): Promise<void> {
  const env = process.env;
  for (const name of ["WECHAT_APP_ID", "WECHAT_APP_SECRET", "WECHAT_TOKEN"]) {
    if (!env[name]) fail(`${name} is required (the simulator stands in for the same account as the app)`);
  }
  const aesKey = env.WECHAT_ENCODING_AES_KEY || undefined;
  if (aesKey !== undefined && !/^[A-Za-z0-9]{43}$/.test(aesKey)) fail("WECHAT_ENCODING_AES_KEY must be 43 characters of [A-Za-z0-9]");
  const host = env.SIM_HOST || "127.0.0.1";
  // SIM_PORT=0 keeps its meaning: any free port, chosen by the system.
  const chosen = env.SIM_PORT === "0" ? { ok: true as const, port: 0 } : await choosePort({ variable: "SIM_PORT", value: env.SIM_PORT, fallback: 4100, label: "simulator" });
  if (!chosen.ok) fail(chosen.message);
  if (chosen.note) process.stdout.write(`${chosen.note}\n`);
  const port = chosen.port;
  const quiet = env.SIM_QUIET === "1";
  const followers = env.SIM_FOLLOWERS ? Number(env.SIM_FOLLOWERS) : undefined;
  if (followers !== undefined && (!Number.isInteger(followers) || followers < 0 || followers > 1_000_000)) fail("SIM_FOLLOWERS must be 0..1000000");
  const pay = payOptionsFromEnv(env);
  if (typeof pay === "string") fail(pay);
  const component = componentOptionsFromEnv(env);
  if (typeof component === "string") fail(component);
  const accounts = accountsFromEnv(env.SIM_ACCOUNTS);
  const sim = await startSimulator({
    appId: env.WECHAT_APP_ID as string,
    appSecret: env.WECHAT_APP_SECRET as string,
    token: env.WECHAT_TOKEN as string,
    encodingAESKey: aesKey,
    port,
    host,
    webhookUrl: env.SIM_WEBHOOK_URL || "http://127.0.0.1:3000/api/wechat",
    publicUrl: env.SIM_PUBLIC_URL || undefined,
    followers,
    ...(pay ? { pay: [pay] } : {}),
    ...(component ? { component } : {}),
    ...(accounts.length ? { accounts } : {}),
    log: quiet ? undefined : (line) => process.stdout.write(`[sim] ${line}\n`),
  }).catch((error: Error) => fail(/^(pay merchant|component|appId|account|appSecret|encodingAESKey)/.test(error.message) ? error.message : `cannot listen: ${error.message}`));
  process.stdout.write(`WeChat simulator listening on ${sim.url}\n`);
  process.stdout.write(`  UI ${sim.state.publicUrl}/  ·  webhook ${sim.state.config.webhookUrl}  ·  ${aesKey ? "safe/compatible mode available" : "plaintext mode only"}\n`);
  if (component) process.stdout.write(`  third-party platform ${component.componentAppId}: tickets to ${component.eventUrl ?? "(no event URL yet: POST /__sim/component)"}\n`);
  if (accounts.length) process.stdout.write(`  more accounts: ${accounts.map((a) => a.appId).join(", ")}\n`);
  if (pay) process.stdout.write(`  WeChat Pay: mchid ${pay.mchid}, ${pay.mode} mode  ·  what the app needs: GET ${sim.state.publicUrl}/__sim/pay/app-env\n`);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping simulator\n`);
    sim.close().then(() => process.exit(0), () => process.exit(1));
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

void main();
