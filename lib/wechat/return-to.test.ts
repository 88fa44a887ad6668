import { describe, expect, it } from "vitest";
import { resolveReturnTo } from "./return-to";

describe("resolveReturnTo", () => {
  it.each([
    ["/", "/"],
    ["/profile", "/profile"],
    ["/foo?x=1#h", "/foo?x=1#h"],
    ["/jssdk/share?from=menu&a=%2F%2Fok", "/jssdk/share?from=menu&a=%2F%2Fok"],
    ["/a/b/../c", "/a/c"],
    ["/资料", "/%E8%B5%84%E6%96%99"],
  ])("keeps the same-site path %j", (input, expected) => {
    expect(resolveReturnTo(input)).toBe(expected);
  });

  it.each([
    null,
    undefined,
    "",
    "profile",
    "//evil.com",
    "///evil.com",
    "/\\evil.com",
    "\\/evil",
    "/foo\\bar",
    "https://evil.com",
    "http://x/",
    "javascript:alert(1)",
    " /profile",
    "/\t/evil.com",
    "/\n/evil.com",
    "/pro\rfile",
    "/x\u0000",
    "/x\u2028y",
    "/\u00a0/evil.com",
    "/%2F%2Fevil.com",
    "/%2f/evil.com",
    "/%5Cevil.com",
    "/%252F%252Fevil.com",
    "/%25252525252F%252Fevil.com",
    "/%E0%A4%A",
    "/a/..//evil.com",
    "/.//evil.com",
    "/%2e%2e//evil.com",
    "/" + "a".repeat(2048),
  ])("falls back to / for %j", (input) => {
    expect(resolveReturnTo(input)).toBe("/");
  });

  it("accepts a path of exactly 2048 chars", () => {
    const input = "/" + "a".repeat(2047);
    expect(resolveReturnTo(input)).toBe(input);
  });

  it("never returns something a browser would treat as another origin", () => {
    const samples = ["/a", "//b", "/./../c", "/%2e/%2e%2e//d", "/?//e", "/#//f", "/.%2F/g"];
    for (const sample of samples) {
      const out = resolveReturnTo(sample);
      expect(new URL(out, "https://app.example").origin).toBe("https://app.example");
      expect(out.startsWith("//")).toBe(false);
    }
  });
});
