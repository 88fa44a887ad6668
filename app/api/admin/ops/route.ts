import { adminRoute } from "@/lib/wiring/admin-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** WeChat's callback and API IP lists and the daily quotas of the APIs the app uses. */
export const GET = adminRoute("admin ops", async ({ services }) => Response.json(await services.ops.overview()));
