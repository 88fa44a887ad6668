import { requireComponentPlatform } from "@/lib/wiring/component";
import { adminRoute } from "@/lib/wiring/admin-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** api_start_push_ticket: asks WeChat to push a component_verify_ticket now (a fresh deployment). */
export const POST = adminRoute("admin platform ticket", async () => {
  await (await requireComponentPlatform()).startPushTicket();
  return Response.json({ ok: true });
});
