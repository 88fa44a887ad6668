import { describe, expect, it } from "vitest";
import { WeChatConfigError } from "../errors";
import { createPlatformHarness, AUTHORIZER, COMPONENT_APPID, PLATFORM_KEY, PLATFORM_TOKEN } from "../../../test/support/component-fixtures";

describe("createComponentPlatform: configuration", () => {
  it.each([
    ["no component appid", { componentAppId: "" }],
    ["no appsecret", { componentAppSecret: "" }],
    ["no message Token", { token: "" }],
    ["no EncodingAESKey (its pushes are always encrypted)", { encodingAESKey: "" }],
    ["a malformed EncodingAESKey", { encodingAESKey: "short" }],
    ["a malformed previous key", { previousEncodingAESKey: "x".repeat(42) }],
  ])("refuses %s at start-up", (_label, over) => {
    const h = createPlatformHarness();
    expect(() => h.platform(over)).toThrow(WeChatConfigError);
  });

  it("hands the webhook the platform's identity for an authorized account, previous key included", () => {
    const previous = "PREVIOUSkey0123456789abcdefghijklmnopqrstuv";
    expect(createPlatformHarness().platform({ previousEncodingAESKey: previous }).webhookIdentity(AUTHORIZER)).toEqual({
      appId: AUTHORIZER,
      cryptoAppId: COMPONENT_APPID,
      token: PLATFORM_TOKEN,
      encodingAESKey: PLATFORM_KEY,
      previousEncodingAESKey: previous,
    });
    expect(createPlatformHarness().platform().messageIdentity).toEqual({ token: PLATFORM_TOKEN, aesKeys: [PLATFORM_KEY] });
  });
});
