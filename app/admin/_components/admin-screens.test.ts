import { describe, expect, it } from "vitest";
import { ADMIN_SCREENS, currentScreen } from "./admin-screens";

describe("admin screens", () => {
  it("marks the screen a path belongs to, the overview only for /admin itself", () => {
    expect(currentScreen("/admin")?.label).toBe("概览");
    expect(currentScreen("/admin/followers")?.label).toBe("粉丝");
    expect(currentScreen("/admin/followers/123")?.label).toBe("粉丝");
    expect(currentScreen("/administrator")).toBeUndefined();
  });

  it("has one entry per href", () => {
    expect(new Set(ADMIN_SCREENS.map((screen) => screen.href)).size).toBe(ADMIN_SCREENS.length);
  });
});
