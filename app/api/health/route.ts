export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Liveness for load balancers and the test harness; touches neither WeChat nor the database. */
export function GET(): Response {
  return Response.json({ ok: true });
}
