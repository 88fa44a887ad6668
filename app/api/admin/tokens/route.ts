import { adminRoute } from "@/lib/wiring/admin-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** access_token / jsapi_ticket health — never the values. */
export const GET = adminRoute("admin tokens", async ({ services }) => Response.json(await services.tokens.health()));
