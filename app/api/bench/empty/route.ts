/**
 * The "framework floor" for `bench/webhook.ts` and `bench/cold-start.ts`: the cheapest
 * POST this build can answer, so the webhook's cost is measured against Next.js itself.
 * Inert unless BENCH_ROUTES=1 (production never sets it): it then answers 404, like a
 * route that does not exist. Read at request time on purpose — the benchmark starts the
 * same build with and without it.
 */
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const enabled = (): boolean => process.env.BENCH_ROUTES === "1";
const notFound = (): Response => new Response("Not Found", { status: 404 });

/** Answers `success` like a webhook with nothing to say; the body is deliberately left unread. */
export function POST(): Response {
  if (!enabled()) return notFound();
  return new Response("success", { status: 200, headers: { "content-type": "text/plain; charset=utf-8" } });
}

/** Only POST exists; when disabled, GET is as absent as everything else. */
export function GET(): Response {
  if (!enabled()) return notFound();
  return new Response("Method Not Allowed", { status: 405, headers: { allow: "POST" } });
}
