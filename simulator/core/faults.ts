/**
 * Injected failures for tests and benchmarks: an errcode answer, an HTTP
 * status, a delay, or a request that never gets an answer — and for WeChat Pay's
 * APIs, its own error answer (`code`) or a valid-looking answer with a bad signature.
 */

/**
 * What to do to the next calls of an endpoint (e.g. 'cgi-bin/token'), of every endpoint under a
 * prefix ('v3/*': every WeChat Pay API), or of every API ('*').
 */
export interface FaultSpec {
  endpoint: string;
  /** Answer HTTP 200 `{errcode, errmsg}` instead of the real result. */
  errcode?: number;
  errmsg?: string;
  /**
   * WeChat Pay: answer its error `{code, message}` with the code's HTTP status (SYSTEM_ERROR 500,
   * FREQUENCY_LIMITED 429, …), signed like any answer. `errmsg` replaces the message.
   */
  code?: string;
  /** WeChat Pay: the real answer, but with a signature that does not verify. */
  badSignature?: boolean;
  /** Answer this HTTP status with an empty body (e.g. 502 from a proxy). */
  httpStatus?: number;
  /** Wait this long first; combined with errcode/httpStatus, or alone before the normal answer. */
  delayMs?: number;
  /** Never answer (until reset or close). */
  hang?: boolean;
  /** How many calls this fault applies to; unlimited when omitted. */
  times?: number;
}

interface ActiveFault extends FaultSpec {
  remaining: number;
}

/** Parses untrusted JSON into a FaultSpec, or returns an error message. */
export function parseFaultSpec(input: unknown): FaultSpec | string {
  if (!input || typeof input !== "object") return "body must be a JSON object";
  const raw = input as Record<string, unknown>;
  if (typeof raw.endpoint !== "string" || raw.endpoint === "") return "endpoint (e.g. 'cgi-bin/token') is required";
  const spec: FaultSpec = { endpoint: raw.endpoint.replace(/^\/+/, "") };
  if (raw.errcode !== undefined) {
    if (typeof raw.errcode !== "number" || !Number.isInteger(raw.errcode)) return "errcode must be an integer";
    spec.errcode = raw.errcode;
  }
  if (raw.errmsg !== undefined) spec.errmsg = String(raw.errmsg);
  if (raw.httpStatus !== undefined) {
    if (typeof raw.httpStatus !== "number" || raw.httpStatus < 100 || raw.httpStatus > 599) return "httpStatus must be 100..599";
    spec.httpStatus = raw.httpStatus;
  }
  if (raw.delayMs !== undefined) {
    if (typeof raw.delayMs !== "number" || raw.delayMs < 0 || raw.delayMs > 600_000) return "delayMs must be 0..600000";
    spec.delayMs = raw.delayMs;
  }
  if (raw.hang !== undefined) spec.hang = raw.hang === true;
  if (raw.code !== undefined) {
    if (typeof raw.code !== "string" || !/^[A-Z][A-Z_]{1,63}$/.test(raw.code)) return "code must be a WeChat Pay error code such as SYSTEM_ERROR";
    spec.code = raw.code;
  }
  if (raw.badSignature !== undefined) spec.badSignature = raw.badSignature === true;
  if (raw.times !== undefined) {
    if (typeof raw.times !== "number" || !Number.isInteger(raw.times) || raw.times < 1) return "times must be a positive integer";
    spec.times = raw.times;
  }
  if (spec.errcode === undefined && spec.httpStatus === undefined && spec.delayMs === undefined && !spec.hang && spec.code === undefined && !spec.badSignature) {
    return "give errcode, httpStatus, delayMs, hang, code or badSignature";
  }
  return spec;
}

/** `*` is every endpoint; `prefix/*` every endpoint under it; anything else one endpoint. */
function matches(pattern: string, endpoint: string): boolean {
  if (pattern === "*" || pattern === endpoint) return true;
  return pattern.endsWith("/*") && endpoint.startsWith(pattern.slice(0, -1));
}

export class FaultRegistry {
  private faults: ActiveFault[] = [];

  add(spec: FaultSpec): void {
    this.faults.push({ ...spec, remaining: spec.times ?? Number.POSITIVE_INFINITY });
  }

  /** Consumes one use of the first fault matching this endpoint. */
  take(endpoint: string): FaultSpec | undefined {
    const fault = this.faults.find((f) => f.remaining > 0 && matches(f.endpoint, endpoint));
    if (!fault) return undefined;
    fault.remaining--;
    if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    const { remaining: _remaining, ...spec } = fault;
    return spec;
  }

  list(): Array<FaultSpec & { remaining: number | null }> {
    return this.faults.map((f) => ({ ...f, remaining: Number.isFinite(f.remaining) ? f.remaining : null }));
  }

  clear(): void {
    this.faults = [];
  }
}
