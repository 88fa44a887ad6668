import { adminRoute } from "@/lib/wiring/admin-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The 概览's figures: today's and the week's followers and messages, top channels, failed sends, errors (lib/console/overview). */
export const GET = adminRoute("admin overview", async ({ services }) => Response.json(await services.overview.overview()));
