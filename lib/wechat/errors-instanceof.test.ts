import { describe, expect, it, vi } from "vitest";
import * as local from "./errors";

/** A second instance of the module, as a second Next route bundle holds one. */
async function otherCopy(): Promise<typeof local> {
  vi.resetModules();
  const copy = await import("./errors");
  expect(copy.WeChatApiError).not.toBe(local.WeChatApiError); // really another copy
  return copy;
}

describe("WeChat errors across module copies", () => {
  it("an error from another copy is still an instance of its own kind, and only of it", async () => {
    const other = await otherCopy();
    const api = new other.WeChatApiError(45015, "response out of time limit", "/cgi-bin/message/custom/send");
    expect(api instanceof local.WeChatApiError).toBe(true);
    expect(api instanceof local.WeChatError).toBe(true);
    expect(api instanceof local.WeChatHttpError).toBe(false);
    expect(api instanceof local.WeChatTimeoutError).toBe(false);
    expect(new other.WeChatTimeoutError(5000) instanceof local.WeChatTimeoutError).toBe(true);
    expect(new other.WeChatHttpError(502) instanceof local.WeChatHttpError).toBe(true);
    const invalid = new other.WeChatValidationError("openid_list", "too many");
    expect(invalid instanceof local.WeChatValidationError).toBe(true);
    expect(invalid instanceof local.WeChatApiError).toBe(false);
  });

  it("plain errors and look-alike objects are not WeChat errors", () => {
    expect(new Error("x") instanceof local.WeChatError).toBe(false);
    expect({ code: "WECHAT_API_ERROR" } instanceof local.WeChatApiError).toBe(false); // not an Error
    expect(Object.assign(new Error("x"), { code: "ECONNRESET" }) instanceof local.WeChatError).toBe(false);
    expect(new local.WeChatCryptoError("bad pad") instanceof local.WeChatConfigError).toBe(false);
    expect(new local.WeChatCryptoError("bad pad") instanceof local.WeChatCryptoError).toBe(true);
  });
});
