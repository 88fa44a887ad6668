import http from "node:http";
import type { AddressInfo } from "node:net";
import { networkInterfaces } from "node:os";
import { afterAll, describe, expect, it } from "vitest";
import { peerAddress, trackPeerAddresses } from "./peer-address";

/** A non-loopback address of this machine, if it has one: connecting to it does not come from 127.0.0.1. */
const outward = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === "IPv4" && !a.internal)?.address;

const server = http.createServer(async (req, res) => {
  // Read after the handler awaited something, as a route handler runs deep inside Next.
  await new Promise((resolve) => setTimeout(resolve, 5));
  await Promise.resolve();
  res.end(JSON.stringify({ peer: peerAddress() ?? null }));
});
afterAll(() => new Promise((resolve) => (server.closeAllConnections(), server.close(resolve))));

const peerSeen = async (host: string, headers: Record<string, string> = {}): Promise<string | null> => {
  const { port } = server.address() as AddressInfo;
  return ((await (await fetch(`http://${host}:${port}/`, { headers })).json()) as { peer: string | null }).peer;
};

describe("peerAddress", () => {
  it("is unknown before tracking starts, then the socket's address whatever the headers say", async () => {
    await new Promise<void>((resolve) => server.listen(0, "0.0.0.0", resolve));
    expect(await peerSeen("127.0.0.1")).toBeNull();
    trackPeerAddresses();
    trackPeerAddresses(); // once per process
    expect(await peerSeen("127.0.0.1", { "x-forwarded-for": "203.0.113.7" })).toBe("127.0.0.1");
    expect(outward, "this machine has no non-loopback IPv4 address to test with").toBeDefined();
    expect(await peerSeen(outward!, { "x-forwarded-for": "127.0.0.1", "x-real-ip": "127.0.0.1" })).toBe(outward);
    expect(await peerSeen("127.0.0.1")).toBe("127.0.0.1");
  });
});
