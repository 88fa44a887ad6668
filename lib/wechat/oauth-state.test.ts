import { describe, expect, it } from "vitest";
import {
  createPendingAuthorization,
  DEFAULT_PENDING_MAX_AGE_MS,
  generateState,
  verifyPendingAuthorization,
  type PendingAuthorization,
} from "./oauth-state";

const NOW = Date.UTC(2024, 0, 1);

describe("generateState", () => {
  it("yields 32-64 chars of [A-Za-z0-9], all distinct over many draws", () => {
    const states = Array.from({ length: 2000 }, () => generateState());
    for (const state of states) {
      expect(state).toMatch(/^[A-Za-z0-9]{32,64}$/);
    }
    expect(new Set(states).size).toBe(states.length);
  });

  it("uses the injected random source", () => {
    expect(generateState((size) => new Uint8Array(size).fill(0))).toBe("A".repeat(43));
  });
});

describe("createPendingAuthorization / verifyPendingAuthorization", () => {
  function pending(overrides: Partial<PendingAuthorization> = {}): PendingAuthorization {
    return { ...createPendingAuthorization({ scope: "snsapi_userinfo", returnTo: "/profile?tab=1", now: NOW }), ...overrides };
  }

  it("creates a pending authorization with a sanitised returnTo", () => {
    const p = createPendingAuthorization({ scope: "snsapi_base", returnTo: "//evil.com", now: NOW, random: (n) => new Uint8Array(n).fill(1) });
    expect(p).toEqual({ state: "B".repeat(43), scope: "snsapi_base", returnTo: "/", createdAt: NOW });
    expect(createPendingAuthorization({ scope: "snsapi_userinfo", now: NOW }).returnTo).toBe("/");
  });

  it("rejects an unknown scope", () => {
    expect(() => createPendingAuthorization({ scope: "snsapi_login" as "snsapi_base", now: NOW })).toThrow(TypeError);
  });

  it("accepts the matching state within the time limit", () => {
    const p = pending();
    expect(verifyPendingAuthorization(p, p.state, NOW + DEFAULT_PENDING_MAX_AGE_MS)).toEqual({ ok: true, pending: p });
  });

  it.each([undefined, null, "str", {}, { state: "abc", scope: "snsapi_base", returnTo: "/" }, { state: "a-b", scope: "snsapi_base", returnTo: "/", createdAt: NOW }])(
    "reports missing for %j",
    (value) => {
      expect(verifyPendingAuthorization(value, "abc", NOW)).toEqual({ ok: false, reason: "missing" });
    },
  );

  it.each([undefined, null, "", "x", "wrong-length-and-chars!"])("reports mismatch for query state %j", (query) => {
    expect(verifyPendingAuthorization(pending(), query, NOW)).toEqual({ ok: false, reason: "mismatch" });
  });

  it("reports mismatch for a state differing in one character", () => {
    const p = pending();
    const other = (p.state[0] === "A" ? "B" : "A") + p.state.slice(1);
    expect(verifyPendingAuthorization(p, other, NOW)).toEqual({ ok: false, reason: "mismatch" });
    expect(verifyPendingAuthorization(p, p.state + "A", NOW)).toEqual({ ok: false, reason: "mismatch" });
  });

  it("reports expired after maxAge and for a createdAt far in the future", () => {
    const p = pending();
    expect(verifyPendingAuthorization(p, p.state, NOW + DEFAULT_PENDING_MAX_AGE_MS + 1)).toEqual({ ok: false, reason: "expired" });
    expect(verifyPendingAuthorization(p, p.state, NOW + 1001, 1000)).toEqual({ ok: false, reason: "expired" });
    expect(verifyPendingAuthorization(p, p.state, NOW - 5 * 60 * 1000)).toEqual({ ok: false, reason: "expired" });
  });

  it("re-sanitises a returnTo stored by an older version", () => {
    const p = pending({ returnTo: "//evil.com" });
    const result = verifyPendingAuthorization(p, p.state, NOW);
    expect(result.ok && result.pending.returnTo).toBe("/");
  });
});
