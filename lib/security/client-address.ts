/**
 * Who is calling. `clientAddress` (the key of the failed-login counters) reads headers only;
 * `isLoopbackRequest` also takes the socket's address (peer-address.ts).
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

/** Host names that only ever mean this machine: `localhost` and loopback addresses, with or without a port. */
export function isLoopbackHost(host: string): boolean {
  const name = host.trim().toLowerCase().replace(/:\d+$/, "");
  return name === "localhost" || isLoopbackAddress(name);
}

/**
 * A request from this machine, for the known development admin token. It needs:
 * - the socket's own address loopback (`peer`, from peer-address.ts; unknown fails closed) —
 *   never a header's word: `x-forwarded-for: 127.0.0.1` from a LAN peer admits nothing;
 * - a loopback Host: a page of another site that resolves its name to 127.0.0.1 (DNS
 *   rebinding) reaches us from the local browser with its own name as Host;
 * - no forwarding header naming another hop: a tunnel (ngrok, cloudflared) connects from
 *   127.0.0.1 but adds the outside caller. These headers can only refuse, never admit.
 */
export function isLoopbackRequest(headers: Headers, peer: string | undefined): boolean {
  if (!peer || !isLoopbackAddress(peer)) return false;
  if (!isLoopbackHost(headers.get("host") ?? "")) return false;
  if (headers.get("forwarded")) return false;
  const hops = (headers.get("x-forwarded-for") ?? "").split(",").map((hop) => hop.trim()).filter(Boolean);
  const realIp = headers.get("x-real-ip")?.trim();
  if (realIp) hops.push(realIp);
  return hops.every(isLoopbackAddress);
}
