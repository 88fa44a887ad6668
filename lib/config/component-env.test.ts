import { describe, expect, it } from "vitest";
import { EnvError } from "./env-fields";
import { parseEnv } from "./env-schema";
import { parseComponentEnv } from "./component-env";

const platform = {
  WECHAT_COMPONENT_APP_ID: "wxc0mp0nent0000001",
  WECHAT_COMPONENT_APP_SECRET: "component-secret",
  WECHAT_COMPONENT_TOKEN: "platformtoken",
  WECHAT_COMPONENT_ENCODING_AES_KEY: "A".repeat(43),
};

function problem(source: Record<string, string>): string {
  try {
    parseComponentEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error.message;
    throw error;
  }
  throw new Error("expected an EnvError");
}

describe("WECHAT_COMPONENT_* (parseComponentEnv)", () => {
  it("is off until WECHAT_COMPONENT_APP_ID is set, whatever else is there", () => {
    expect(parseComponentEnv({ WECHAT_COMPONENT_TOKEN: "x" })).toBeUndefined();
    const env = parseEnv({ NODE_ENV: "development", WECHAT_APP_ID: "wx1", WECHAT_APP_SECRET: "s", WECHAT_TOKEN: "tok" });
    expect(env.component).toBeUndefined();
  });

  it("reads a complete platform, WeChat's own pages unless told otherwise", () => {
    expect(parseComponentEnv(platform)).toEqual({
      componentAppId: platform.WECHAT_COMPONENT_APP_ID,
      componentAppSecret: "component-secret",
      token: "platformtoken",
      encodingAESKey: "A".repeat(43),
      previousEncodingAESKey: undefined,
      authorizationPages: {},
    });
    const sim = parseComponentEnv({ ...platform, WECHAT_COMPONENT_LOGIN_PAGE_URL: "http://127.0.0.1:4010/cgi-bin/componentloginpage", WECHAT_COMPONENT_ENCODING_AES_KEY_PREVIOUS: "B".repeat(43) });
    expect(sim?.authorizationPages).toEqual({ pc: "http://127.0.0.1:4010/cgi-bin/componentloginpage" });
    expect(sim?.previousEncodingAESKey).toBe("B".repeat(43));
  });

  it("names the first missing or malformed variable, never its value", () => {
    expect(problem({ ...platform, WECHAT_COMPONENT_APP_ID: "nope" })).toMatch(/^WECHAT_COMPONENT_APP_ID must be/);
    expect(problem({ ...platform, WECHAT_COMPONENT_APP_SECRET: "" })).toMatch(/^WECHAT_COMPONENT_APP_SECRET is required/);
    expect(problem({ ...platform, WECHAT_COMPONENT_TOKEN: "has space" })).toMatch(/^WECHAT_COMPONENT_TOKEN must be/);
    const bad = problem({ ...platform, WECHAT_COMPONENT_ENCODING_AES_KEY: "short-secret-key" });
    expect(bad).toMatch(/^WECHAT_COMPONENT_ENCODING_AES_KEY must be exactly 43/);
    expect(bad).not.toContain("short-secret-key");
    expect(problem({ ...platform, WECHAT_COMPONENT_LOGIN_PAGE_URL: "ftp://x" })).toMatch(/^WECHAT_COMPONENT_LOGIN_PAGE_URL must be/);
  });

  it("is part of the whole environment", () => {
    const env = parseEnv({ NODE_ENV: "development", WECHAT_APP_ID: "wx1", WECHAT_APP_SECRET: "s", WECHAT_TOKEN: "tok", ...platform });
    expect(env.component?.componentAppId).toBe(platform.WECHAT_COMPONENT_APP_ID);
  });
});
