import { describe, expect, it } from "vitest";
import { errcodeText, formatAgo, formatBeijingTime, formatDuration, formatUnixSeconds, isRecentError, lastErrorHint, sceneLabel, shortOpenid } from "./format";

describe("formatBeijingTime", () => {
  it("shows UTC+8 regardless of the machine's zone, across the date line", () => {
    // 2024-02-29T16:30:05Z is 2024-03-01 00:30:05 in Beijing
    expect(formatBeijingTime(Date.UTC(2024, 1, 29, 16, 30, 5))).toBe("2024-03-01 00:30");
    expect(formatBeijingTime(Date.UTC(2024, 1, 29, 16, 30, 5), true)).toBe("2024-03-01 00:30:05");
  });
  it("is empty for missing or invalid input", () => {
    expect(formatBeijingTime(null)).toBe("");
    expect(formatBeijingTime(undefined)).toBe("");
    expect(formatBeijingTime(Number.NaN)).toBe("");
    expect(formatBeijingTime(1e20)).toBe("");
  });
  it("reads WeChat's subscribe_time in seconds", () => {
    expect(formatUnixSeconds(1_700_000_000)).toBe("2023-11-15 06:13");
    expect(formatUnixSeconds(0)).toBe("");
  });
});

describe("formatDuration / formatAgo", () => {
  it("picks the two largest units", () => {
    expect(formatDuration(45_000)).toBe("45 秒");
    expect(formatDuration(200_000)).toBe("3 分 20 秒");
    expect(formatDuration(6_720_000)).toBe("1 小时 52 分");
    expect(formatDuration(90_000_000)).toBe("1 天 1 小时");
    expect(formatDuration(-5)).toBe("0 秒");
  });
  it("says how long ago", () => {
    const now = 10_000_000_000;
    expect(formatAgo(now - 30_000, now)).toBe("刚刚");
    expect(formatAgo(now - 5 * 60_000, now)).toBe("5 分钟前");
    expect(formatAgo(now - 3 * 3600_000, now)).toBe("3 小时前");
    expect(formatAgo(now - 2 * 86400_000, now)).toBe("2 天前");
    expect(formatAgo(null, now)).toBe("");
  });
});

describe("sceneLabel", () => {
  it("translates WeChat's subscribe_scene codes", () => {
    expect(sceneLabel("ADD_SCENE_QR_CODE")).toBe("扫描二维码");
    expect(sceneLabel("ADD_SCENE_SEARCH")).toBe("公众号搜索");
    expect(sceneLabel("ADD_SCENE_PROFILE_CARD")).toBe("名片分享");
    expect(sceneLabel("ADD_SCENE_OTHERS")).toBe("其他");
  });
  it("keeps unknown codes and names missing ones", () => {
    expect(sceneLabel("ADD_SCENE_SOMETHING_NEW")).toBe("ADD_SCENE_SOMETHING_NEW");
    expect(sceneLabel(undefined)).toBe("未知");
  });
});

describe("errors", () => {
  it("explains the 48-hour customer-service window", () => {
    expect(errcodeText(45015)).toMatch(/48 小时/);
    expect(errcodeText(123456)).toBeUndefined();
  });
  it("finds the errcode in a recorded credential failure", () => {
    expect(lastErrorHint("WeChat API error 40164: invalid ip 1.2.3.4 (cgi-bin/token)")).toMatch(/白名单/);
    expect(lastErrorHint("WeChat API error -1: system error")).toMatch(/繁忙/);
    expect(lastErrorHint("WeChat did not answer within 5000 ms (cgi-bin/token)")).toMatch(/超时/);
    expect(lastErrorHint("something else")).toBeUndefined();
  });
  it("marks an error recent while it is the latest event or under an hour old", () => {
    const now = 100 * 3600_000;
    expect(isRecentError(null, now, now)).toBe(false);
    expect(isRecentError(now - 5 * 3600_000, null, now)).toBe(true);
    expect(isRecentError(now - 5 * 3600_000, now - 6 * 3600_000, now)).toBe(true);
    expect(isRecentError(now - 5 * 3600_000, now - 3600_000, now)).toBe(false);
    expect(isRecentError(now - 60_000, now - 30_000, now)).toBe(true);
  });
});

describe("shortOpenid", () => {
  it("keeps both ends of long openids", () => {
    expect(shortOpenid("oABCDEFGHIJKLMNOPQRSTUVWXYZ0")).toBe("oABCDE…XYZ0");
    expect(shortOpenid("short")).toBe("short");
  });
});
