import { describe, expect, it } from "vitest";
import { utcDateFormatter, utcDateText } from "./utc-date-text";

const T0 = 1_700_000_000_000;

describe("utcDateText", () => {
  it("is Prisma's SQLite DateTime text: UTC to the millisecond, +00:00", () => {
    expect(utcDateText(Date.UTC(2026, 11, 2, 3, 4, 5, 6))).toBe("2026-12-02T03:04:05.006+00:00");
  });

  it("formats dates by the second as Date does, whichever way they move", () => {
    const format = utcDateFormatter();
    const samples = [T0, T0 + 1, T0 + 999, T0 + 1000, T0 + 1009, T0 + 10, T0 - 1, T0 + 0.7, Date.UTC(2038, 0, 19, 3, 14, 7, 999)];
    for (let i = 0; i < 200; i++) samples.push(T0 + Math.floor(Math.random() * 5_000_000));
    for (const ms of samples) expect(format(ms)).toBe(utcDateText(ms));
  });
});
