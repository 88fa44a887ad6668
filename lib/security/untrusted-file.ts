/**
 * A file fetched from elsewhere (WeChat, or a stand-in) and served on our origin — the media
 * preview, the QR code image — must never run as a page of ours, whatever its upstream
 * claims: it is labelled with an allowed type or offered as a download, the browser may not
 * sniff another type, and `sandbox` makes even an HTML answer opened directly an inert
 * document of an opaque origin (no script, no cookie, no same-origin request).
 */

export const SANDBOXED_FILE_CSP = "default-src 'none'; sandbox";

export type UntrustedFileRule = {
  /** Types served as they are, inline (e.g. images only). */
  inline: RegExp;
  /** The type forced on anything else, inline; without it, anything else is an octet-stream download. */
  forced?: string;
};

/** content-type, content-disposition, nosniff and the sandboxing CSP for an upstream `content-type`. */
export function untrustedFileHeaders(upstreamType: string | null, rule: UntrustedFileRule): Record<string, string> {
  const type = (upstreamType ?? "").split(";")[0]!.trim().toLowerCase();
  const allowed = rule.inline.test(type);
  return {
    "content-type": allowed ? type : (rule.forced ?? "application/octet-stream"),
    "content-disposition": allowed || rule.forced ? "inline" : "attachment",
    "x-content-type-options": "nosniff",
    "content-security-policy": SANDBOXED_FILE_CSP,
  };
}
