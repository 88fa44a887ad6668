/**
 * Who is calling, from request headers only (route handlers never see the socket).
 *
 * Trusted header: the FIRST hop of `x-forwarded-for`. On Vercel the edge overwrites that
 * header with the address it received the connection from, so the first hop is the real
 * client. Behind your own proxy, configure it to overwrite (nginx: `proxy_set_header
 * X-Forwarded-For $remote_addr;`), not append. Without any proxy, `next start` fills the
 * header with the socket address when the client sent none — but a client that sends one is
 * believed, so rate limits by address are only as good as the proxy in front
 * (docs/security.md).
 */

/** The client address used to key failed-login counters; "unknown" when none is given. */
export function clientAddress(headers: Headers): string {
  const first = (headers.get("x-forwarded-for") ?? "").split(",")[0]?.trim();
  if (first) return first.slice(0, 64);
  const realIp = headers.get("x-real-ip")?.trim();
  return realIp ? realIp.slice(0, 64) : "unknown";
}

/** 127.0.0.0/8, ::1 and their IPv4-mapped IPv6 forms. */
export function isLoopbackAddress(address: string): boolean {
  const bare = address.trim().replace(/^\[|\]$/g, "").replace(/^::ffff:/i, "");
  return bare === "::1" || /^127(\.\d{1,3}){3}$/.test(bare);
}

/**
 * A request from this machine: EVERY forwarding hop is loopback. A tunnel (ngrok,
 * cloudflared) connects from 127.0.0.1 but adds the outside caller to x-forwarded-for, so it
 * fails this check. Fails closed when no address is known at all.
 */
export function isLoopbackRequest(headers: Headers): boolean {
  const hops = (headers.get("x-forwarded-for") ?? "").split(",").map((hop) => hop.trim()).filter(Boolean);
  const realIp = headers.get("x-real-ip")?.trim();
  if (realIp) hops.push(realIp);
  if (headers.get("forwarded")) return false;
  return hops.length > 0 && hops.every(isLoopbackAddress);
}
