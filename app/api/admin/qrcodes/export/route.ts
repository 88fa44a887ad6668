import { EXPORT_MAX_DAYS } from "@/lib/console/qrcodes/service";
import { jsonError } from "@/lib/http/api-response";
import { adminRoute } from "@/lib/wiring/admin-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Scans and new followers per Beijing day and code as CSV (`?days=30`, 1–366), downloaded as a file. */
export const GET = adminRoute("admin qrcodes export", async ({ request, services }) => {
  const raw = new URL(request.url).searchParams.get("days") ?? "30";
  const days = /^\d{1,3}$/.test(raw) ? Number(raw) : NaN;
  if (!(days >= 1 && days <= EXPORT_MAX_DAYS)) return jsonError(400, "invalid_days", { message: `days is 1–${EXPORT_MAX_DAYS}` });
  return new Response(await services.qrcodes.exportCsv(days), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="qrcode-channels-${days}d.csv"`,
      "cache-control": "no-store",
    },
  });
});
