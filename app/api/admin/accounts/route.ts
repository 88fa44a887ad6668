import { parseNewAccount } from "@/lib/accounts/input";
import { jsonError } from "@/lib/http/api-response";
import { accountsRoute } from "@/lib/wiring/accounts-admin";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Every account: the env's (default) first, then the added ones, retired included. No secret, only whether each is set. */
export const GET = accountsRoute("admin accounts", async ({ services }) => {
  const accounts = await services.registry.list();
  return Response.json({ accounts: accounts.map((a) => ({ ...a, serverUrl: services.appUrl + a.serverPath })) });
});

/** Adds a direct account (WeChat's formats checked first: 400 naming the field); 409 when the AppID is taken. */
export const POST = accountsRoute("admin accounts", { body: "json", required: true }, async ({ body, services }) => {
  const input = parseNewAccount(body);
  if (!input.ok) return jsonError(400, input.error, { field: input.field, message: input.message });
  const result = await services.registry.add(input.value);
  if ("error" in result) return jsonError(409, "account_exists", { message: "这个 AppID 已经添加过" });
  return Response.json({ account: { ...result.added, serverUrl: services.appUrl + result.added.serverPath } }, { status: 201 });
});
