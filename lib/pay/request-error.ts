/** Input the caller got wrong: a 4xx with a stable `error` (and details such as the field). No server-only import: the bench and workers load it. */
export class PayRequestError extends Error {
  constructor(
    readonly status: 400 | 401 | 404 | 409 | 503,
    readonly error: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(error);
    this.name = "PayRequestError";
  }
}

/**
 * By name as well as by prototype: the service is built once per process and may be called from
 * another route's bundle, whose copy of this class is a different one.
 */
export function isPayRequestError(error: unknown): error is PayRequestError {
  return error instanceof PayRequestError || (error instanceof Error && error.name === "PayRequestError" && typeof (error as PayRequestError).status === "number");
}
