import { jsonError } from "@/lib/http/api-response";
import { isMsgId } from "@/lib/console/templates/status";
import { adminRoute } from "@/lib/wiring/admin-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** A console send and its TEMPLATESENDJOBFINISH status: `?msgid=` → `{ send: { msgid, templateId, touser, sentAt, status, outcome, finishedAt } }`. */
export const GET = adminRoute("admin template sends", async ({ request, services }) => {
  const msgid = new URL(request.url).searchParams.get("msgid");
  if (!isMsgId(msgid)) return jsonError(400, "invalid_msgid", { detail: "msgid: the number template/send answered" });
  const send = await services.templates.getSend(msgid);
  return send ? Response.json({ send }) : jsonError(404, "unknown_msgid");
});
