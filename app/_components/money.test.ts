import { describe, expect, it } from "vitest";
import { formatYuan, parseYuan, yuanInput } from "./money";

describe("money on the pages", () => {
  it("formats fen as yuan with two decimals", () => {
    expect(formatYuan(1990)).toBe("¥19.90");
    expect(formatYuan(1)).toBe("¥0.01");
    expect(formatYuan(6800)).toBe("¥68.00");
    expect(formatYuan(0)).toBe("¥0.00");
    expect(formatYuan(-5)).toBe("-¥0.05");
    expect(yuanInput(1205)).toBe("12.05");
  });

  it("parses typed yuan to exact fen, without float rounding", () => {
    expect(parseYuan("19.9")).toBe(1990);
    expect(parseYuan("0.29")).toBe(29);
    expect(parseYuan("0.01")).toBe(1);
    expect(parseYuan(" 68 ")).toBe(6800);
    expect(parseYuan("¥5.")).toBe(500);
    expect(parseYuan("￥ 1.10")).toBe(110);
    for (const value of ["2e3", "18,000,000", "1.999", "-1", "+1", "abc", "1.2.3", ".5", "", "1234567890"]) expect(parseYuan(value), value).toBeNull();
  });

  it("round-trips every fen amount of a price range", () => {
    for (let fen = 0; fen <= 20_000; fen += 7) expect(parseYuan(yuanInput(fen))).toBe(fen);
  });
});
