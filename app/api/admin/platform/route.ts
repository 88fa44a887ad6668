import { getPlatformService } from "@/lib/wiring/component";
import { adminRoute } from "@/lib/wiring/admin-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The platform's status: the ticket's age, the component token's health (no value), the authorized accounts. */
export const GET = adminRoute("admin platform", async () => Response.json(await (await getPlatformService()).status()));
