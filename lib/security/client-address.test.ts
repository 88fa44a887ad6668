import { describe, expect, it } from "vitest";
import { clientAddress, isLoopbackAddress, isLoopbackHost, isLoopbackRequest } from "./client-address";

const h = (init: Record<string, string>): Headers => new Headers(init);

describe("clientAddress", () => {
  it("is the first hop of x-forwarded-for, then x-real-ip, else unknown", () => {
    expect(clientAddress(h({ "x-forwarded-for": "203.0.113.9, 10.0.0.2" }))).toBe("203.0.113.9");
    expect(clientAddress(h({ "x-real-ip": "198.51.100.4" }))).toBe("198.51.100.4");
    expect(clientAddress(h({}))).toBe("unknown");
    expect(clientAddress(h({ "x-forwarded-for": "x".repeat(500) })).length).toBe(64);
  });
});

describe("loopback", () => {
  it("knows the loopback forms", () => {
    for (const a of ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "::ffff:127.0.0.1"]) expect(isLoopbackAddress(a), a).toBe(true);
    for (const a of ["10.0.0.1", "128.0.0.1", "::2", "localhost", "127.0.0.1.evil", ""]) expect(isLoopbackAddress(a), a).toBe(false);
  });

  it("knows the loopback host names, with or without a port", () => {
    for (const host of ["localhost", "localhost:3000", "LOCALHOST:3000", "127.0.0.1:3000", "[::1]:3000", "[::1]"]) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ["evil.example", "evil.example:3000", "localhost.evil.example", "192.0.2.2:3000", ""]) expect(isLoopbackHost(host), host).toBe(false);
  });

  it("admits on the socket's loopback address only, never on x-forwarded-for (issue 21)", () => {
    const local = { host: "localhost:3000" };
    expect(isLoopbackRequest(h({ ...local, "x-forwarded-for": "127.0.0.1" }), "127.0.0.1")).toBe(true);
    expect(isLoopbackRequest(h(local), "::ffff:127.0.0.1")).toBe(true);
    // A peer on the LAN claiming to be this machine.
    expect(isLoopbackRequest(h({ ...local, "x-forwarded-for": "127.0.0.1" }), "192.0.2.7")).toBe(false);
    expect(isLoopbackRequest(h({ ...local, "x-forwarded-for": "::1", "x-real-ip": "127.0.0.1" }), "192.0.2.7")).toBe(false);
    // Address unknown (tracking not started): closed.
    expect(isLoopbackRequest(h({ ...local, "x-forwarded-for": "127.0.0.1" }), undefined)).toBe(false);
  });

  it("refuses a loopback socket carrying another site's Host (DNS rebinding) or a forwarded outside caller (a tunnel)", () => {
    expect(isLoopbackRequest(h({ host: "evil.example:3000" }), "127.0.0.1")).toBe(false);
    expect(isLoopbackRequest(h({}), "127.0.0.1")).toBe(false);
    expect(isLoopbackRequest(h({ host: "localhost:3000", "x-forwarded-for": "127.0.0.1, 203.0.113.7" }), "127.0.0.1")).toBe(false);
    expect(isLoopbackRequest(h({ host: "localhost:3000", "x-forwarded-for": "127.0.0.1", "x-real-ip": "203.0.113.7" }), "127.0.0.1")).toBe(false);
    expect(isLoopbackRequest(h({ host: "localhost:3000", forwarded: "for=203.0.113.7" }), "127.0.0.1")).toBe(false);
  });
});
