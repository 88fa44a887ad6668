import { adminRoute } from "@/lib/wiring/admin-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The account's tags `{ tags: [{ id, name, count }] }`, for the conditional menu's match rule. */
export const GET = adminRoute("admin menu tags", async ({ services }) => Response.json({ tags: await services.menu.tags() }));
