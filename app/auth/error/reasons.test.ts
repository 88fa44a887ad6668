import { describe, expect, it } from "vitest";
import { AUTH_ERROR_REASONS, authErrorText, normalizeReason } from "./reasons";

describe("sign-in error reasons", () => {
  it("has Chinese text for every reason the callback sends", () => {
    for (const reason of ["denied", "state", "code_used", "code_invalid", "snapshot", "config", "upstream"]) {
      expect(normalizeReason(reason)).toBe(reason);
      expect(authErrorText(normalizeReason(reason)).title).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(new Set(AUTH_ERROR_REASONS.map((r) => authErrorText(r).title)).size).toBe(AUTH_ERROR_REASONS.length);
  });
  it("says what each case needs", () => {
    expect(authErrorText("denied").title).toContain("拒绝");
    expect(authErrorText("snapshot").detail).toContain("使用完整服务");
    expect(authErrorText("config").detail).toContain("联系管理员");
  });
  it("falls back to the generic text for anything unexpected", () => {
    expect(normalizeReason(undefined)).toBe("unknown");
    expect(normalizeReason(["denied", "state"])).toBe("unknown");
    expect(normalizeReason("<script>")).toBe("unknown");
    expect(normalizeReason("toString")).toBe("unknown");
    expect(authErrorText("unknown").title).toBe("登录失败");
  });
});
