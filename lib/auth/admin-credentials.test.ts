import { describe, expect, it } from "vitest";
import { ADMIN_SESSION_TTL_MS, adminFingerprint, digestEqual, grantAdmin, isAdminGrantValid } from "./admin-credentials";

const TOKEN = "admin-token-0123456789";
const PASSWORD = "p".repeat(40);

describe("digestEqual", () => {
  it("accepts only the exact secret, whatever the lengths", () => {
    expect(digestEqual(TOKEN, TOKEN)).toBe(true);
    for (const other of ["", "a", TOKEN.slice(0, -1), `${TOKEN}x`, TOKEN.toUpperCase()]) expect(digestEqual(other, TOKEN)).toBe(false);
  });
});

describe("admin grants", () => {
  const now = 1_700_000_000_000;

  it("last exactly 12 hours from login", () => {
    const grant = grantAdmin(TOKEN, PASSWORD, now);
    expect(grant.exp).toBe(now + ADMIN_SESSION_TTL_MS);
    expect(ADMIN_SESSION_TTL_MS).toBe(12 * 3600 * 1000);
    expect(isAdminGrantValid(grant, TOKEN, PASSWORD, now + ADMIN_SESSION_TTL_MS - 1)).toBe(true);
    expect(isAdminGrantValid(grant, TOKEN, PASSWORD, now + ADMIN_SESSION_TTL_MS)).toBe(false);
  });

  it("end when ADMIN_TOKEN changes", () => {
    const grant = grantAdmin(TOKEN, PASSWORD, now);
    expect(isAdminGrantValid(grant, "another-admin-token-000", PASSWORD, now + 1)).toBe(false);
  });

  it("are keyed by the session password and never contain the token", () => {
    const fp = adminFingerprint(TOKEN, PASSWORD);
    expect(fp).not.toContain(TOKEN);
    expect(adminFingerprint(TOKEN, "q".repeat(40))).not.toBe(fp);
    expect(adminFingerprint(TOKEN, PASSWORD)).toBe(fp);
  });

  it("refuse anything that is not a well-formed grant (e.g. the old isAdmin flag)", () => {
    for (const grant of [undefined, null, true, { isAdmin: true }, { fp: adminFingerprint(TOKEN, PASSWORD) }, { fp: 1, exp: now + 1000 }, { fp: "x", exp: "9999999999999" }]) {
      expect(isAdminGrantValid(grant, TOKEN, PASSWORD, now)).toBe(false);
    }
  });
});
