import { listOpsErrors } from "@/lib/admin-ops";
import { respond } from "@/lib/api-response";
import { requireAdmin } from "@/lib/admin-access";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The latest WeChat errors, newest first: `{ errors: [{ at, source, errcode, message, rid, outgoingIp }] }`. */
export function GET(request: Request): Promise<Response> {
  return respond("admin ops errors", async () => {
    const refused = await requireAdmin(request);
    if (refused) return refused;
    return Response.json({ errors: await listOpsErrors() });
  });
}
