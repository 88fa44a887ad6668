import { adminRoute } from "@/lib/wiring/admin-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The account's private templates as WeChat lists them: `{ template_list: [...] }`. */
export const GET = adminRoute("admin templates", async ({ services }) => Response.json(await services.templates.list()));
