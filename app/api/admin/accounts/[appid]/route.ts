import { parseAccountChange } from "@/lib/accounts/input";
import { jsonError } from "@/lib/http/api-response";
import { accountsRoute } from "@/lib/wiring/accounts-admin";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { appid: string };
const notFound = (): Response => jsonError(404, "unknown_account", { message: "没有这个账号" });

/** One account, as the list shows it. */
export const GET = accountsRoute<Params>("admin account", async ({ params, services }) => {
  const account = await services.registry.get(params.appid);
  return account ? Response.json({ account: { ...account, serverUrl: services.appUrl + account.serverPath } }) : notFound();
});

/** Changes the name, token mode or replaces a secret (write-only); the env's account is changed in the environment. */
export const PATCH = accountsRoute<Params>("admin account", { body: "json", required: true }, async ({ params, body, services }) => {
  const change = parseAccountChange(body);
  if (!change.ok) return jsonError(400, change.error, { field: change.field, message: change.message });
  if (params.appid === services.registry.defaultAppId) return jsonError(409, "env_account", { message: "环境变量中的账号只能在环境变量里修改" });
  const account = await services.registry.update(params.appid, change.value);
  return account ? Response.json({ account: { ...account, serverUrl: services.appUrl + account.serverPath } }) : notFound();
});

/** Retires the account: its server URL answers 404 and its sessions stop working (every instance within seconds). */
export const DELETE = accountsRoute<Params>("admin account", async ({ params, services }) => {
  const result = await services.registry.retire(params.appid);
  if (result === "default") return jsonError(409, "env_account", { message: "环境变量中的账号不能停用" });
  if (result === "not_found") return notFound();
  return Response.json({ ok: true });
});
