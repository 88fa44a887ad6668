/** One autocannon run (programmatic API) with a fresh push per request, summarised. */
import autocannon from "autocannon";
import type { Push } from "./pushes";

export type LoadOptions = {
  port: number;
  connections: number;
  durationSeconds: number;
  /** Called once per request: the request's path (with query) and body. */
  next: () => Push;
  /** Body check for every response; failures count as mismatches. */
  verify: (body: string) => boolean;
};

export type LoadSummary = {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  /** Requests WeChat would have abandoned: no answer within its 5 s deadline. */
  timeouts: number;
  /** Other connection errors (resets, refused). */
  errors: number;
  non2xx: number;
  mismatches: number;
};

export async function runLoad(options: LoadOptions): Promise<LoadSummary> {
  const result = await autocannon({
    url: `http://127.0.0.1:${options.port}`,
    connections: options.connections,
    duration: options.durationSeconds,
    // WeChat drops a push after 5 s (and retries): a slower answer is a failure, not a latency.
    timeout: 5,
    method: "POST",
    headers: { "content-type": "text/xml" },
    requests: [
      {
        setupRequest: (request) => {
          const push = options.next();
          return { ...request, path: push.path, body: push.body, ...(push.headers && { headers: { ...request.headers, ...push.headers } }) };
        },
      },
    ],
    verifyBody: options.verify,
  });
  return {
    requests: result.requests.total,
    rps: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    timeouts: result.timeouts,
    errors: result.errors - result.timeouts, // autocannon counts timeouts among errors
    non2xx: result.non2xx,
    mismatches: result.mismatches,
  };
}
