/**
 * Keeping secrets (access_token, app secret, jsapi_ticket, OAuth codes) out of anything we
 * report: which request values are secret, and scrubbing them from messages and causes.
 */
/** Values under these keys are secrets: redacted from anything we report (authorization_code: a platform's auth code). */
const SENSITIVE_KEY = /token|secret|ticket|^code$|^authorization_code$/i;

/** Secret values from the query and from a JSON body's top level (stable_token sends the secret in the body). */
export function collectSecrets(req: { query?: Record<string, string | number | undefined>; body?: unknown }): string[] {
  const out: string[] = [];
  const scan = (record: Record<string, unknown>): void => {
    for (const [key, value] of Object.entries(record)) {
      if (SENSITIVE_KEY.test(key) && (typeof value === "string" || typeof value === "number")) {
        const s = String(value);
        if (s.length >= 4) out.push(s);
      }
    }
  };
  scan(req.query ?? {});
  if (req.body && typeof req.body === "object" && !Array.isArray(req.body)) scan(req.body as Record<string, unknown>);
  return out;
}

/** Replaces every occurrence of a secret value with "***". */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret) out = out.split(secret).join("***");
  return out;
}

/** A network error may quote the URL (with its query): keep only a redacted message. */
export function sanitizeCause(error: unknown, secrets: readonly string[]): Error {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new Error(redact(message, secrets).replace(/\?[^\s'"]*/g, "?…"));
}
