import { adminRoute } from "@/lib/wiring/admin-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Forces a new access_token and jsapi_ticket now → the new health. */
export const POST = adminRoute("admin refresh", async ({ services }) => Response.json(await services.tokens.forceRefresh()));
