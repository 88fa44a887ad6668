import { parseConsoleTemplateSend, sendConsoleTemplate } from "@/lib/admin-templates";
import { jsonError, respond } from "@/lib/api-response";
import { requireAdmin } from "@/lib/admin-access";
import { readJsonBody } from "@/lib/security/json-body";
import { WeChatValidationError } from "@/lib/wechat/errors";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Sends a template message: `{ templateId, touser, data, url? }` → `{ msgid }`; a broken rule → 400 naming the field. */
export function POST(request: Request): Promise<Response> {
  return respond("admin template send", async () => {
    const refused = await requireAdmin(request);
    if (refused) return refused;
    const read = await readJsonBody(request);
    if (!read.ok) return jsonError(413, "body_too_large", { detail: "at most 16 KiB" });
    const parsed = parseConsoleTemplateSend(read.value);
    if (!parsed.ok) return jsonError(400, "invalid_template_message", { field: parsed.field, message: parsed.message });
    try {
      return Response.json(await sendConsoleTemplate(parsed.value));
    } catch (error) {
      if (error instanceof WeChatValidationError) return jsonError(400, "invalid_template_message", { field: error.field, message: error.message });
      throw error;
    }
  });
}
