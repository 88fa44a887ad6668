import { jsonError } from "@/lib/http/api-response";
import { accountsRoute } from "@/lib/wiring/accounts-admin";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The doctor's checks for one account: its token fetched (explained errors), the API with it, its push settings. */
export const POST = accountsRoute<{ appid: string }>("admin account check", async ({ params, services }) => {
  const checks = await services.check(params.appid);
  if (!checks) return jsonError(404, "unknown_account", { message: "没有这个账号，或它已停用" });
  return Response.json({ ok: checks.every((c) => c.status !== "fail"), checks });
});
