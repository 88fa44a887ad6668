import { describe, expect, it } from "vitest";
import { parseEnv } from "../config/env-schema";
import { checkAppUrl, checkEnvSchema } from "./checks";
import { fail, formatReport, ok, warn } from "./report";
import { explainTokenError, refusedIp } from "./token-errors";

const prod = {
  NODE_ENV: "production",
  WECHAT_APP_ID: "wx0123456789abcdef",
  WECHAT_APP_SECRET: "secret-0123456789",
  WECHAT_TOKEN: "token123",
  SESSION_PASSWORD: "p".repeat(32),
  ADMIN_TOKEN: "a".repeat(16),
  APP_URL: "https://mp.example.com",
};

describe("doctor report", () => {
  it("prints one line per check, a failure count, and masks secrets", () => {
    const text = formatReport([ok("env", "fine"), fail("x", "中文 secret-0123456789", "english"), warn("y", "提示", "hint")], ["secret-0123456789"]);
    expect(text.split("\n")).toEqual(["✓ env: fine", "✗ x: 中文 *** / english", "! y: 提示 / hint", "1 项检查未通过 / 1 check(s) failed"]);
  });

  it("APP_URL: https required for a public production host, and no port but 443", () => {
    expect(checkAppUrl(parseEnv(prod)).status).toBe("ok");
    expect(checkAppUrl(parseEnv({ ...prod, APP_URL: "https://mp.example.com:8443" })).line).toMatch(/^微信只访问 80\/443 端口/);
    expect(checkAppUrl(parseEnv({ ...prod, APP_URL: "http://localhost:3000" })).status).toBe("ok");
    expect(checkAppUrl(parseEnv({ ...prod, NODE_ENV: "development", APP_URL: "http://mp.example.com" })).status).toBe("ok");
  });

  it("the env check keeps the real Token and key for later checks", () => {
    const { env } = checkEnvSchema({ ...prod, WECHAT_ENCODING_AES_KEY: "b".repeat(43) });
    expect(env?.token).toBe("token123");
    expect(env?.encodingAESKey).toBe("b".repeat(43));
  });

  it("token errcodes: the refused IP (v4 or v6), and an unknown code keeps WeChat's text", () => {
    expect(refusedIp("invalid ip 47.96.1.2 ipv6 ::ffff:47.96.1.2, not in whitelist")).toBe("47.96.1.2");
    expect(refusedIp("invalid ip 240e::1, not in whitelist")).toBe("240e::1");
    expect(explainTokenError(40164, "no ip here")[0]).toContain("(unknown)");
    expect(explainTokenError(12345, "strange")).toEqual([
      "12345 获取 access_token 失败（strange）：查全局返回码说明",
      "12345 cgi-bin/token failed (strange): see the global return codes page",
    ]);
  });
});
