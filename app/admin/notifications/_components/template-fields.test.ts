import { describe, expect, it } from "vitest";
import { fieldProblems, templateData, templateFields } from "./template-fields";

describe("templateFields", () => {
  it("reads the keywords in order with the label before each", () => {
    expect(templateFields("商品名称:{{thing1.DATA}}\n支付时间：{{time3.DATA}}\n{{amount2.DATA}}")).toEqual([
      { key: "thing1", label: "商品名称" },
      { key: "time3", label: "支付时间" },
      { key: "amount2", label: "amount2" },
    ]);
  });

  it("handles two placeholders on one line and lists a repeated keyword once", () => {
    expect(templateFields("从{{thing1.DATA}}到{{thing2.DATA}}，再到{{thing1.DATA}}").map((f) => f.key)).toEqual(["thing1", "thing2"]);
    expect(templateFields("no placeholders here")).toEqual([]);
  });
});

describe("fieldProblems", () => {
  const fields = templateFields("商品名称:{{thing1.DATA}}\n支付时间:{{time3.DATA}}");

  it("flags empty values, values over 20 characters and line breaks, per keyword", () => {
    const problems = fieldProblems(fields, { thing1: "一".repeat(21), time3: "" });
    expect(problems.thing1).toContain("20");
    expect(problems.time3).toBe("请填写内容");
    expect(fieldProblems(fields, { thing1: "a\nb", time3: "2026-12-02" }).thing1).toContain("换行");
  });

  it("accepts exactly 20 characters, counting an emoji as one", () => {
    expect(fieldProblems(fields, { thing1: `${"一".repeat(19)}😀`, time3: "2026-12-02 10:00" })).toEqual({});
  });

  it("builds template/send data from the values", () => {
    expect(templateData(fields, { thing1: "书", time3: "今天" })).toEqual({ thing1: { value: "书" }, time3: { value: "今天" } });
  });
});
