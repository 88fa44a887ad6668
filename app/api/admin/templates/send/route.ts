import { parseConsoleTemplateSend } from "@/lib/console/templates/send-input";
import { jsonError } from "@/lib/http/api-response";
import { WeChatValidationError } from "@wxmp/wechat/errors";
import { adminRoute } from "@/lib/wiring/admin-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Sends a template message: `{ templateId, touser, data, url? }` → `{ msgid }`; a broken rule → 400 naming the field. */
export const POST = adminRoute("admin template send", { body: "json" }, async ({ body, services }) => {
  const parsed = parseConsoleTemplateSend(body);
  if (!parsed.ok) return jsonError(400, "invalid_template_message", { field: parsed.field, message: parsed.message });
  try {
    return Response.json(await services.templates.send(parsed.value));
  } catch (error) {
    if (error instanceof WeChatValidationError) return jsonError(400, "invalid_template_message", { field: error.field, message: error.message });
    throw error;
  }
});
