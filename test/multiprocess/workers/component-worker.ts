/**
 * One "app instance" of a third-party platform for the cross-process test: the platform over the
 * app's Prisma stores on DATABASE_URL (ticket, authorizers, the credential table) with its
 * 授权事件接收URL on a port of its own, so WeChat's pushes can reach every instance.
 * Commands (stdin JSON lines), each naming its platform — `platform: {componentAppId,
 * componentAppSecret, token, encodingAESKey, baseUrl}` (one platform, one lease owner, per settings):
 *   {cmd:"listen", platform}           the event URL → event "listening" {port}
 *   {cmd:"tokens", callers, platform}  N concurrent getAccessToken() → event "tokens"
 *   {cmd:"api", callers, platform}     N concurrent api_get_authorizer_list → event "api"
 *   {cmd:"ticket", platform}           whether a ticket is stored (never its value) → event "ticket" {present}
 * Every event echoes the command's `id`.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createSealer } from "../../../lib/accounts/seal";
import { createDb } from "../../../lib/db/client";
import { resolveDatabaseUrl } from "../../../lib/db/url";
import { createPrismaAuthorizerStore } from "../../../lib/platform/prisma-authorizer-store";
import { createPrismaComponentTicketStore } from "../../../lib/platform/prisma-ticket-store";
import { createPrismaCredentialStore } from "../../../lib/stores/prisma-credential-store";
import { getAuthorizerList } from "@wxmp/wechat/component/authorizer-api";
import { createAuthorizationEventHandler } from "@wxmp/wechat/component/event-handler";
import { createComponentPlatform, type ComponentPlatform } from "@wxmp/wechat/component/platform";
import { toWebhookInput } from "@wxmp/wechat/webhook/web-adapter";
import { describeError, emit, fingerprint, onCommand, requireEnv } from "../support/worker-io";

export interface PlatformSettings {
  componentAppId: string;
  componentAppSecret: string;
  token: string;
  encodingAESKey: string;
  baseUrl: string;
}

const db = await createDb(resolveDatabaseUrl(requireEnv("DATABASE_URL")));
const store = createPrismaCredentialStore(db);
const tickets = createPrismaComponentTicketStore(db);
const authorizers = createPrismaAuthorizerStore(db, createSealer("multiprocess-accounts-key-0123456789-ab"));
const platforms = new Map<string, ComponentPlatform>();

function platformFor(settings: PlatformSettings): ComponentPlatform {
  const key = JSON.stringify(settings);
  let platform = platforms.get(key);
  if (!platform) {
    platform = createComponentPlatform({ ...settings, tickets, authorizers, store, http: { baseUrl: settings.baseUrl } });
    platforms.set(key, platform);
  }
  return platform;
}

/** The platform's event URL in this process: node's request as a Web Request into the library's handler. */
async function listen(platform: ComponentPlatform): Promise<number> {
  const handler = createAuthorizationEventHandler({ platform });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const request = new Request(`http://127.0.0.1${req.url ?? "/"}`, { method: req.method, body: Buffer.concat(chunks) });
      void handler.handle(toWebhookInput(request)).then((out) => res.writeHead(out.status, out.headers).end(out.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

async function timed<T>(run: () => Promise<T>, ok: (value: T) => Record<string, unknown>): Promise<Record<string, unknown>> {
  try {
    return { ok: true, ...ok(await run()) };
  } catch (error) {
    return { ok: false, error: describeError(error) };
  }
}

// Open the connection before reporting ready, so that a command starts every caller at once.
await tickets.get("warm-up");
emit("ready");

onCommand(async (command) => {
  const id = command.id;
  const callers = Number(command.callers ?? 1);
  const platform = platformFor(command.platform as PlatformSettings);
  if (command.cmd === "listen") {
    emit("listening", { id, port: await listen(platform) });
  } else if (command.cmd === "tokens") {
    const results = await Promise.all(
      Array.from({ length: callers }, () => timed(() => platform.credentials.getAccessToken(), (token) => ({ token: fingerprint(token) }))),
    );
    emit("tokens", { id, results });
  } else if (command.cmd === "ticket") {
    emit("ticket", { id, present: (await tickets.get(platform.componentAppId)) !== null });
  } else if (command.cmd === "api") {
    const results = await Promise.all(
      Array.from({ length: callers }, () => timed(() => getAuthorizerList(platform, { offset: 0, count: 10 }), (page) => ({ total: page.totalCount }))),
    );
    emit("api", { id, results });
  }
});
