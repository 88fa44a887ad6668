import { jsonError, respond } from "@/lib/http/api-response";
import { readJsonBody } from "@/lib/http/json-body";
import { adminAccess, isOwnOrigin } from "@/lib/wiring/auth";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * The dashboard presents the admin token once; the sealed session remembers it (never
 * localStorage). The one admin route before authentication, so not an adminRoute.
 */
export function POST(request: Request): Promise<Response> {
  return respond("admin session", async () => {
    if (!isOwnOrigin(request)) return Response.json({ error: "forbidden_origin" }, { status: 403 });
    // Read before anyone is authenticated: capped, and refused without reading further.
    const read = await readJsonBody(request);
    if (!read.ok) return jsonError(413, "body_too_large", { detail: "at most 16 KiB" });
    const body = read.value as { token?: unknown } | null;
    const token = typeof body?.token === "string" ? body.token : "";
    return adminAccess().openSession(request, token);
  });
}
