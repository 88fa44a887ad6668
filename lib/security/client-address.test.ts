import { describe, expect, it } from "vitest";
import { clientAddress, isLoopbackAddress, isLoopbackRequest } from "./client-address";

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

  it("requires every hop to be loopback (a tunnel adds the outside caller) and fails closed", () => {
    expect(isLoopbackRequest(h({ "x-forwarded-for": "::1" }))).toBe(true);
    expect(isLoopbackRequest(h({ "x-forwarded-for": "127.0.0.1, 203.0.113.7" }))).toBe(false);
    expect(isLoopbackRequest(h({ "x-forwarded-for": "127.0.0.1", "x-real-ip": "203.0.113.7" }))).toBe(false);
    expect(isLoopbackRequest(h({ "x-forwarded-for": "127.0.0.1", forwarded: "for=203.0.113.7" }))).toBe(false);
    expect(isLoopbackRequest(h({}))).toBe(false);
  });
});
