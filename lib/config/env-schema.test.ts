import { describe, expect, it } from "vitest";
import { DEV_ADMIN_TOKEN, DEV_SESSION_PASSWORD, EnvError, parseEnv } from "./env-schema";

const base = { WECHAT_APP_ID: "wx123", WECHAT_APP_SECRET: "s3cr3t-value-123", WECHAT_TOKEN: "token123" };
const dev = { ...base, NODE_ENV: "development" };
const production = {
  ...base,
  NODE_ENV: "production",
  SESSION_PASSWORD: "p".repeat(32),
  APP_URL: "https://mp.example.com",
  ADMIN_TOKEN: "a".repeat(16),
};

function errorOf(source: Record<string, string>): EnvError {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error;
    throw error;
  }
  throw new Error("expected an EnvError");
}

describe("parseEnv", () => {
  it("applies the contract's defaults", () => {
    const env = parseEnv(dev);
    expect(env).toMatchObject({
      apiBaseUrl: "https://api.weixin.qq.com",
      oauthBaseUrl: "https://open.weixin.qq.com",
      tokenMode: "classic",
      encodingAESKey: undefined,
      replyDeadlineMs: 4500,
      timestampSkewSeconds: 300,
      botDemoCommands: false,
      accountName: "公众号演示",
      database: { provider: "sqlite" },
    });
    expect(env.database.provider === "sqlite" && env.database.file.endsWith("data/app.db")).toBe(true);
  });

  it.each(["WECHAT_APP_ID", "WECHAT_APP_SECRET", "WECHAT_TOKEN"])("names a missing %s in one line", (name) => {
    const error = errorOf({ ...base, [name]: "" });
    expect(error.variable).toBe(name);
    expect(error.message).toContain(name);
    expect(error.message).not.toContain("\n");
  });

  it.each(["SESSION_PASSWORD", "APP_URL", "ADMIN_TOKEN"])("requires %s in production, with no silent default", (name) => {
    const source: Record<string, string> = { ...production };
    delete source[name];
    expect(errorOf(source).variable).toBe(name);
  });

  it("requires CRON_SECRET on Vercel", () => {
    expect(errorOf({ ...production, VERCEL: "1" }).variable).toBe("CRON_SECRET");
    expect(parseEnv({ ...production, VERCEL: "1", CRON_SECRET: "c".repeat(32) }).cronSecret).toBe("c".repeat(32));
  });

  it("requires CRON_SECRET to be at least 32 characters in production, as SESSION_PASSWORD (issue 21)", () => {
    expect(errorOf({ ...production, VERCEL: "1", CRON_SECRET: "c".repeat(20) })).toMatchObject({ variable: "CRON_SECRET", message: expect.stringContaining("at least 32 characters") });
    expect(errorOf({ ...production, CRON_SECRET: "c".repeat(31) }).variable).toBe("CRON_SECRET");
    expect(parseEnv({ ...production, CRON_SECRET: "c".repeat(32) }).cronSecret).toBe("c".repeat(32));
  });

  it("enforces cross-field rules: AES key length, session password length, APP_URL without a path", () => {
    expect(errorOf({ ...dev, WECHAT_ENCODING_AES_KEY: "short" }).variable).toBe("WECHAT_ENCODING_AES_KEY");
    expect(errorOf({ ...dev, WECHAT_ENCODING_AES_KEY_PREVIOUS: "x".repeat(44) }).variable).toBe("WECHAT_ENCODING_AES_KEY_PREVIOUS");
    expect(errorOf({ ...production, SESSION_PASSWORD: "short" }).variable).toBe("SESSION_PASSWORD");
    expect(errorOf({ ...production, APP_URL: "https://mp.example.com/app" }).variable).toBe("APP_URL");
    expect(errorOf({ ...production, APP_URL: "mp.example.com" }).variable).toBe("APP_URL");
    expect(errorOf({ ...dev, WECHAT_TOKEN_MODE: "fast" }).variable).toBe("WECHAT_TOKEN_MODE");
    expect(errorOf({ ...dev, DATABASE_URL: "mysql://x" }).variable).toBe("DATABASE_URL");
  });

  it("takes the account's name for the phone preview from WECHAT_ACCOUNT_NAME (trimmed), refusing one too long", () => {
    expect(parseEnv({ ...dev, WECHAT_ACCOUNT_NAME: "  城市书房  " }).accountName).toBe("城市书房");
    expect(parseEnv({ ...dev, WECHAT_ACCOUNT_NAME: "" }).accountName).toBe("公众号演示");
    expect(errorOf({ ...dev, WECHAT_ACCOUNT_NAME: "名".repeat(31) }).variable).toBe("WECHAT_ACCOUNT_NAME");
    expect(errorOf({ ...dev, WECHAT_ACCOUNT_NAME: "a\nb" }).variable).toBe("WECHAT_ACCOUNT_NAME");
  });

  it("seals accounts' secrets with ACCOUNTS_KEY (at least 32 characters), else with SESSION_PASSWORD", () => {
    expect(parseEnv(production).accountsKey).toBe(production.SESSION_PASSWORD);
    expect(parseEnv({ ...production, ACCOUNTS_KEY: "a".repeat(32) }).accountsKey).toBe("a".repeat(32));
    expect(errorOf({ ...production, ACCOUNTS_KEY: "a".repeat(31) }).variable).toBe("ACCOUNTS_KEY");
  });

  it("turns the demo bot commands on only with BOT_DEMO_COMMANDS=1", () => {
    expect(parseEnv({ ...dev, BOT_DEMO_COMMANDS: "1" }).botDemoCommands).toBe(true);
    expect(parseEnv({ ...dev, BOT_DEMO_COMMANDS: "true" }).botDemoCommands).toBe(false);
  });

  it("selects PostgreSQL by URL scheme and collects the JS-SDK origins", () => {
    const env = parseEnv({
      ...production,
      APP_URL: "https://mp.example.com/",
      DATABASE_URL: "postgresql://u:p@db:5432/app",
      JSSDK_ALLOWED_ORIGINS: "https://m.example.com, https://mp.example.com",
    });
    expect(env.database).toEqual({ provider: "postgresql", url: "postgresql://u:p@db:5432/app" });
    expect(env.appUrl).toBe("https://mp.example.com");
    expect(env.jssdkAllowedOrigins).toEqual(["https://mp.example.com", "https://m.example.com"]);
  });

  it("never puts a secret value into an error message", () => {
    const secret = "this-is-the-app-secret-value";
    const error = errorOf({ ...base, WECHAT_APP_SECRET: secret, WECHAT_ENCODING_AES_KEY: secret });
    expect(error.message).not.toContain(secret);
  });

  describe("development fallbacks (SESSION_PASSWORD, ADMIN_TOKEN)", () => {
    it("apply under next dev (NODE_ENV=development) and the demo (WXMP_DEMO=1), and say so", () => {
      for (const mode of [{ NODE_ENV: "development" }, { NODE_ENV: "production", APP_URL: "http://localhost:3000", WXMP_DEMO: "1" }]) {
        const env = parseEnv({ ...base, ...mode });
        expect(env.adminToken).toBe(DEV_ADMIN_TOKEN);
        expect(env.sessionPassword).toBe(DEV_SESSION_PASSWORD);
        expect(env.devDefaults).toEqual(["SESSION_PASSWORD", "ADMIN_TOKEN"]);
      }
    });

    it("never apply anywhere else: a test or unnamed environment must set both", () => {
      for (const nodeEnv of [undefined, "test", "staging"]) {
        const source: Record<string, string> = { ...base, ...(nodeEnv ? { NODE_ENV: nodeEnv } : {}) };
        expect(errorOf(source).variable).toBe("SESSION_PASSWORD");
        expect(errorOf({ ...source, SESSION_PASSWORD: "p".repeat(32) }).variable).toBe("ADMIN_TOKEN");
      }
      expect(errorOf({ ...production, ADMIN_TOKEN: "" }).variable).toBe("ADMIN_TOKEN");
    });

    it("are not reported when the values are set, and a set token is held to 16 characters even in development", () => {
      const env = parseEnv({ ...base, NODE_ENV: "development", SESSION_PASSWORD: "p".repeat(32), ADMIN_TOKEN: "b".repeat(16) });
      expect(env.devDefaults).toEqual([]);
      expect(errorOf({ ...base, NODE_ENV: "development", ADMIN_TOKEN: "short" }).variable).toBe("ADMIN_TOKEN");
    });
  });

  // base plus the two values that have no default outside `next dev` and the demo
  const configured = { ...base, SESSION_PASSWORD: "p".repeat(32), ADMIN_TOKEN: "b".repeat(16) };

  it("accepts plaintext pushes beside a key only with WECHAT_ACCEPT_PLAINTEXT=1", () => {
    expect(parseEnv(configured).acceptPlaintext).toBe(false);
    expect(parseEnv({ ...configured, WECHAT_ACCEPT_PLAINTEXT: "1" }).acceptPlaintext).toBe(true);
    expect(parseEnv({ ...configured, WECHAT_ACCEPT_PLAINTEXT: "true" }).acceptPlaintext).toBe(false);
  });

  it("runs the example bot unless BOT=test, and refuses other names", () => {
    expect(parseEnv(configured).bot).toBe("example");
    expect(parseEnv({ ...configured, BOT: "test" }).bot).toBe("test");
    expect(errorOf({ ...configured, BOT: "mine" }).variable).toBe("BOT");
  });

  it("reads DATABASE_POOL_MAX through the schema (default 5, bounded)", () => {
    expect(parseEnv(configured).databasePoolMax).toBe(5);
    expect(parseEnv({ ...configured, DATABASE_POOL_MAX: "20" }).databasePoolMax).toBe(20);
    expect(errorOf({ ...configured, DATABASE_POOL_MAX: "0" }).variable).toBe("DATABASE_POOL_MAX");
  });
});
