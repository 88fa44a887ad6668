import { describe, expect, it, vi } from "vitest";
import { callWx, describeWxFailure } from "./wx-call";

describe("callWx", () => {
  it("resolves with the success payload", async () => {
    await expect(callWx<{ networkType: string }>((cb) => cb.success({ networkType: "wifi" }))).resolves.toEqual({ ok: true, res: { networkType: "wifi" } });
  });
  it("reports fail and cancel with jweixin's errMsg", async () => {
    await expect(callWx((cb) => cb.fail({ errMsg: "getNetworkType:fail, permission denied" }))).resolves.toEqual({
      ok: false,
      cancelled: false,
      errMsg: "getNetworkType:fail, permission denied",
    });
    await expect(callWx((cb) => cb.cancel({ errMsg: "chooseImage:cancel" }))).resolves.toMatchObject({ ok: false, cancelled: true });
  });
  it("settles once, on the first callback", async () => {
    const result = await callWx((cb) => {
      cb.success("first");
      cb.fail({ errMsg: "late" });
    });
    expect(result).toEqual({ ok: true, res: "first" });
  });
  it("times out when the bridge never answers, and turns a throw into a failure", async () => {
    vi.useFakeTimers();
    try {
      const pending = callWx(() => {}, 1000);
      vi.advanceTimersByTime(1000);
      await expect(pending).resolves.toMatchObject({ ok: false, cancelled: false, errMsg: expect.stringContaining("timeout") });
    } finally {
      vi.useRealTimers();
    }
    await expect(
      callWx(() => {
        throw new Error("wx.getNetworkType is not a function");
      }),
    ).resolves.toMatchObject({ ok: false, errMsg: "wx.getNetworkType is not a function" });
  });
});

describe("describeWxFailure", () => {
  it("says cancelled, permission problems and other failures apart", () => {
    expect(describeWxFailure({ cancelled: true, errMsg: "chooseImage:cancel" })).toBe("你取消了操作");
    expect(describeWxFailure({ cancelled: false, errMsg: "x:fail, permission denied" })).toMatch(/没有调用权限/);
    expect(describeWxFailure({ cancelled: false, errMsg: "x:fail" })).toBe("调用失败：x:fail");
  });
});
