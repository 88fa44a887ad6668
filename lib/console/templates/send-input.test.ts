import { describe, expect, it } from "vitest";
import { parseConsoleTemplateSend } from "./send-input";

const ok = { templateId: "T_1", touser: "oUser_1", data: { thing1: { value: "巧克力" } }, url: "https://example.com/o/1" };

describe("parseConsoleTemplateSend", () => {
  it("accepts a compliant request", () => {
    expect(parseConsoleTemplateSend(ok)).toEqual({ ok: true, value: ok });
  });

  it.each<[string, Record<string, unknown>]>([
    ["templateId", { templateId: "" }],
    ["touser", { touser: "o user" }],
    ["url", { url: "javascript:alert(1)" }],
    ["data", { data: [] }],
    ["data.thing1.value", { data: { thing1: { value: 1 } } }],
    ["data.first", { data: { first: { value: "您好" }, thing1: { value: "x" } } }],
    ["data.thing1.value", { data: { thing1: { value: "字".repeat(21) } } }],
    ["data.thing1.value", { data: { thing1: { value: "a\nb" } } }],
    ["data.thing1.color", { data: { thing1: { value: "a", color: "#ff0000" } } }],
  ])("names %s", (field, patch) => {
    const result = parseConsoleTemplateSend({ ...ok, ...patch });
    expect(result).toMatchObject({ ok: false, field });
    expect(result.ok === false && result.message.length > 0).toBe(true);
  });

  it("refuses a non-object body", () => {
    expect(parseConsoleTemplateSend(null)).toMatchObject({ ok: false, field: "templateId" });
  });
});
