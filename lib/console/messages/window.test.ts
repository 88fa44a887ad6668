import { describe, expect, it } from "vitest";
import { describeWindow, serviceWindow } from "./window";

const T0 = 1_700_000_000_000;

describe("serviceWindow", () => {
  it("a scan 20 s ago with one message sent: 2 more within the minute", () => {
    const w = serviceWindow({ openid: "o1", at: T0, kind: "event", sent: 1 }, T0 + 20_000);
    expect(w).toEqual({ state: "open", kind: "event", at: T0, remaining: 2, expiresAt: T0 + 60_000 });
    expect(describeWindow(w, T0 + 20_000)).toMatch(/^还可发 2 条，剩 40 秒/);
  });
  it("a scan 6 minutes ago: the window closed (the 1-minute rule, not 48 hours)", () => {
    const w = serviceWindow({ openid: "o1", at: T0, kind: "event", sent: 0 }, T0 + 6 * 60_000);
    expect(w).toMatchObject({ state: "closed", reason: "expired", kind: "event" });
    expect(describeWindow(w, T0 + 6 * 60_000)).toContain("1 分钟内最多 3 条");
  });
  it("three sent after a scan: used up (45047), not expired", () => {
    const w = serviceWindow({ openid: "o1", at: T0, kind: "event", sent: 3 }, T0 + 10_000);
    expect(w).toMatchObject({ state: "closed", reason: "used_up" });
    expect(describeWindow(w, T0 + 10_000)).toContain("额度已用完");
  });
  it("a message allows 5 within 48 hours", () => {
    const w = serviceWindow({ openid: "o1", at: T0, kind: "message", sent: 0 }, T0 + 3600_000);
    expect(w).toMatchObject({ state: "open", remaining: 5, expiresAt: T0 + 48 * 3600_000 });
    expect(describeWindow(w, T0 + 3600_000)).toMatch(/^还可发 5 条，剩 47 小时/);
    expect(serviceWindow({ openid: "o1", at: T0, kind: "message", sent: 0 }, T0 + 48 * 3600_000)).toMatchObject({ state: "closed", reason: "expired" });
  });
  it("no interaction known: unknown, said so", () => {
    expect(serviceWindow(null, T0)).toEqual({ state: "unknown" });
    expect(describeWindow({ state: "unknown" }, T0)).toContain("还没有收到");
  });
});
