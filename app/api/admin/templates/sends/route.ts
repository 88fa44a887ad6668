import { jsonError, respond } from "@/lib/api-response";
import { isMsgId } from "@/lib/console/templates/status";
import { requireAdmin } from "@/lib/admin-access";
import { getTemplateSend } from "@/lib/console/templates/recorder";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** A console send and its TEMPLATESENDJOBFINISH status: `?msgid=` → `{ send: { msgid, templateId, touser, sentAt, status, outcome, finishedAt } }`. */
export function GET(request: Request): Promise<Response> {
  return respond("admin template sends", async () => {
    const refused = await requireAdmin(request);
    if (refused) return refused;
    const msgid = new URL(request.url).searchParams.get("msgid");
    if (!isMsgId(msgid)) return jsonError(400, "invalid_msgid", { detail: "msgid: the number template/send answered" });
    const send = await getTemplateSend(msgid);
    return send ? Response.json({ send }) : jsonError(404, "unknown_msgid");
  });
}
