/**
 * `returnTo` handling for the OAuth round trip: only same-site paths survive,
 * everything else becomes `/`. The result ends up in a `Location` header, so
 * the rules are strict on purpose (open redirects are the classic OAuth bug).
 */

const MAX_LENGTH = 2048;
const FALLBACK = "/";
const BASE = "http://x";
// Control characters and any Unicode whitespace: the URL parser silently drops
// tabs/newlines (`/\t/evil.com` becomes `//evil.com`), so none may pass.
const FORBIDDEN_CHARS = /[\u0000-\u001F\u007F-\u009F\s\u200B-\u200F\u2028\u2029\uFEFF]/u;
const MAX_DECODE_ROUNDS = 3;

/**
 * Returns `input` as a same-site path (query string and hash kept) or `/`.
 *
 * Accepted: a string of at most 2048 chars starting with one `/` (not `//`,
 * not `/\`), without backslashes, control characters or whitespace, whose
 * percent-decoded path does not turn into any of those either (`/%2F%2Fevil.com`
 * is rejected), and which resolves against a dummy origin to that same origin.
 * The returned value is the parsed `pathname + search + hash`, re-checked so
 * that dot segments (`/a/..//evil.com`) cannot produce a protocol-relative URL.
 */
export function resolveReturnTo(input: string | null | undefined): string {
  if (typeof input !== "string" || input.length === 0 || input.length > MAX_LENGTH) return FALLBACK;
  if (!isSafePath(input)) return FALLBACK;

  let url: URL;
  try {
    url = new URL(input, BASE);
  } catch {
    return FALLBACK;
  }
  if (url.origin !== BASE) return FALLBACK;

  const result = url.pathname + url.search + url.hash;
  if (result.length > MAX_LENGTH || !isSafePath(result)) return FALLBACK;
  return result;
}

function isSafePath(value: string): boolean {
  if (!hasSafeShape(value)) return false;
  // Decode the path part (not the query, where an encoded `//` is legitimate)
  // a few times: a proxy or framework further down might decode it again.
  let path = value.split(/[?#]/, 1)[0] ?? "";
  for (let round = 0; round < MAX_DECODE_ROUNDS; round++) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      return false; // malformed percent-encoding: not worth guessing what it means
    }
    if (decoded === path) return true;
    if (!hasSafeShape(decoded)) return false;
    path = decoded;
  }
  return false; // still changing after several rounds: deliberately obfuscated
}

function hasSafeShape(value: string): boolean {
  if (!value.startsWith("/")) return false;
  if (value.startsWith("//") || value.startsWith("/\\")) return false;
  if (value.includes("\\")) return false;
  if (FORBIDDEN_CHARS.test(value)) return false;
  return true;
}
