/**
 * The doctor's third-party platform checks (lib/doctor/platform.ts): each malformed variable on a
 * line of its own with the fix, the ticket's age (none yet, fresh, older than 12 h), one
 * api_component_token call with the kept ticket and its errcodes explained, the event URL's https
 * in production — and never a secret in the report.
 */
import { describe, expect, it } from "vitest";
import { createFakeFetch } from "@/test/support/fake-fetch";
import { checkEnvSchema } from "./checks";
import { checkPlatform, type ComponentTicketProbe } from "./platform";
import { formatReport, type CheckResult } from "./report";
import { secretsOf } from "./run";

const NOW = Date.parse("2026-12-06T12:00:00Z");
const PLATFORM = {
  WECHAT_COMPONENT_APP_ID: "wx0c0a0000000000c1",
  WECHAT_COMPONENT_APP_SECRET: "platformsecret0123456789abcdefgh",
  WECHAT_COMPONENT_TOKEN: "platformToken1",
  WECHAT_COMPONENT_ENCODING_AES_KEY: "PlatformKey0123456789abcdefghijklmnopqrstuv",
};
const TICKET = "ticket@@@doctorprobe0123456789";

function source(over: Record<string, string | undefined> = {}, appUrl = "https://mp.example.com"): Record<string, string | undefined> {
  return {
    NODE_ENV: "production",
    WECHAT_APP_ID: "wx0a0a0000000000a1",
    WECHAT_APP_SECRET: "appsecret0123456789abcdefghijklm",
    WECHAT_TOKEN: "doctorToken",
    SESSION_PASSWORD: "doctor-session-password-0123456789-abcdef",
    ADMIN_TOKEN: "doctor-admin-token-0123456789",
    APP_URL: appUrl,
    DATABASE_URL: "file:unused.db",
    WECHAT_API_BASE_URL: "https://api.weixin.qq.com",
    ...PLATFORM,
    ...over,
  };
}

const kept = (createdAt: number): ComponentTicketProbe => async () => ({ ticket: TICKET, createdAt });
const none: ComponentTicketProbe = async () => null;

async function run(src: Record<string, string | undefined>, o: { ticket?: ComponentTicketProbe; fake?: ReturnType<typeof createFakeFetch> } = {}): Promise<CheckResult[]> {
  const { env, result } = checkEnvSchema(src);
  // A bad WECHAT_COMPONENT_* never fails the env line: it is named on its own line below.
  expect(result.status).toBe("ok");
  const fake = o.fake ?? createFakeFetch();
  return checkPlatform(env!, src, { fetch: fake.fetch, ticket: o.ticket ?? none, now: NOW });
}

const statuses = (results: CheckResult[]) => results.map((r) => [r.name, r.status]);
const lineOf = (results: CheckResult[], name: string) => results.find((r) => r.name === name)!.line;

describe("doctor: third-party platform", () => {
  it("is one skip line while platform mode is off, and warns about stray variables without the AppID", async () => {
    expect(statuses(await run(source({ ...Object.fromEntries(Object.keys(PLATFORM).map((k) => [k, undefined])) })))).toEqual([["platform", "skip"]]);
    const stray = await run(source({ WECHAT_COMPONENT_APP_ID: undefined }));
    expect(statuses(stray)).toEqual([["platform", "warn"]]);
    expect(stray[0]!.line).toMatch(/^设置了 WECHAT_COMPONENT_APP_SECRET、.*却没有 WECHAT_COMPONENT_APP_ID.* \/ .*set without WECHAT_COMPONENT_APP_ID/);
  });

  it("names each malformed variable on its own line, Chinese first, with where to copy it from, and no value", async () => {
    const bad = {
      WECHAT_COMPONENT_APP_ID: "wx123",
      WECHAT_COMPONENT_APP_SECRET: "",
      WECHAT_COMPONENT_TOKEN: "has-a-hyphen",
      WECHAT_COMPONENT_ENCODING_AES_KEY: "short/key+",
      WECHAT_COMPONENT_ENCODING_AES_KEY_PREVIOUS: "x".repeat(44),
    };
    const results = await run(source(bad));
    expect(statuses(results)).toEqual([
      ["WECHAT_COMPONENT_APP_ID", "fail"],
      ["WECHAT_COMPONENT_APP_SECRET", "fail"],
      ["WECHAT_COMPONENT_TOKEN", "fail"],
      ["WECHAT_COMPONENT_ENCODING_AES_KEY", "fail"],
      ["WECHAT_COMPONENT_ENCODING_AES_KEY_PREVIOUS", "fail"],
      ["component event url", "ok"],
    ]);
    expect(lineOf(results, "WECHAT_COMPONENT_APP_ID")).toMatch(/^须为 wx 加 16 位字母或数字，共 18 位（现为 5 位）：从 open\.weixin\.qq\.com.*开发资料 复制.* \/ must be wx \+ 16/);
    expect(lineOf(results, "WECHAT_COMPONENT_APP_SECRET")).toMatch(/^未设置：.* \/ not set/);
    expect(lineOf(results, "WECHAT_COMPONENT_TOKEN")).toMatch(/^须为 3-32 位英文或数字（现为 12 位）.*消息校验Token/);
    expect(lineOf(results, "WECHAT_COMPONENT_ENCODING_AES_KEY")).toMatch(/^须为 43 位英文或数字（现为 10 位）.*消息加解密Key/);
    const report = formatReport(results);
    for (const secret of ["has-a-hyphen", "short/key+", "x".repeat(44)]) expect(report).not.toContain(secret);
  });

  it("without a ticket yet: explains the authorization-event URL and the 10 minutes, and makes no call", async () => {
    const results = await run(source());
    expect(statuses(results)).toEqual([["platform", "ok"], ["component ticket", "warn"], ["component token", "skip"], ["component event url", "ok"]]);
    expect(lineOf(results, "component ticket")).toMatch(/^还没有收到 component_verify_ticket：.*授权事件接收URL」设为 https:\/\/mp\.example\.com\/api\/wechat\/component，之后微信每 10 分钟推送一次.* \/ no component_verify_ticket yet/);
  });

  it("with a fresh ticket: its age, and api_component_token called once with it, the report holding no secret", async () => {
    const fake = createFakeFetch().on({
      method: "POST",
      path: "/cgi-bin/component/api_component_token",
      body: { component_appid: PLATFORM.WECHAT_COMPONENT_APP_ID, component_appsecret: PLATFORM.WECHAT_COMPONENT_APP_SECRET, component_verify_ticket: TICKET },
      reply: { json: { component_access_token: "component-token-value", expires_in: 7200 } },
    });
    const src = source();
    const results = await run(src, { ticket: kept(NOW - 25 * 60_000), fake });
    expect(statuses(results)).toEqual([["platform", "ok"], ["component ticket", "ok"], ["component token", "ok"], ["component event url", "ok"]]);
    expect(lineOf(results, "component ticket")).toBe("最近一张在 25 分钟前收到 / last one received 25 min ago");
    const report = formatReport(results, secretsOf(src));
    for (const secret of [PLATFORM.WECHAT_COMPONENT_APP_SECRET, PLATFORM.WECHAT_COMPONENT_TOKEN, PLATFORM.WECHAT_COMPONENT_ENCODING_AES_KEY, TICKET, "component-token-value"]) {
      expect(report).not.toContain(secret);
    }
  });

  it("warns about a ticket older than 12 hours; WeChat's refusal and errcodes are explained", async () => {
    const answer = (errcode: number, errmsg: string) => createFakeFetch().on({ method: "POST", path: "/cgi-bin/component/api_component_token", reply: { json: { errcode, errmsg } } });
    const old = await run(source(), { ticket: kept(NOW - 13 * 3600_000), fake: answer(61005, "component ticket is expired") });
    expect(statuses(old)).toEqual([["platform", "ok"], ["component ticket", "warn"], ["component token", "fail"], ["component event url", "ok"]]);
    expect(lineOf(old, "component ticket")).toMatch(/^最近一张 component_verify_ticket 已是 13 小时前的（超过 12 小时失效）.* \/ the last component_verify_ticket is 13 h old/);
    expect(lineOf(old, "component token")).toMatch(/^微信拒绝了保存的 component_verify_ticket（61005\/61006）/);
    const ip = await run(source(), { ticket: kept(NOW - 60_000), fake: answer(61004, "access clientip is not registered rid: 1") });
    expect(lineOf(ip, "component token")).toMatch(/^61004 本机出口 IP 不在第三方平台白名单：.*白名单IP.* \/ 61004/);
    const secret = await run(source(), { ticket: kept(NOW - 60_000), fake: answer(40125, "invalid appsecret") });
    expect(lineOf(secret, "component token")).toMatch(/^40125 第三方平台 AppSecret 不对：.*WECHAT_COMPONENT_APP_SECRET \/ 40125 wrong component AppSecret/);
  });

  it("fails an http authorization-event URL in a public production deployment, not on a loopback one", async () => {
    const results = await run(source({}, "http://mp.example.com"));
    expect(lineOf(results, "component event url")).toMatch(/^授权事件接收URL 必须是 https：http:\/\/mp\.example\.com\/api\/wechat\/component（把 APP_URL 改为 https） \//);
    expect(results.find((r) => r.name === "component event url")!.status).toBe("fail");
    expect(statuses(await run(source({}, "http://127.0.0.1:3000")))).toContainEqual(["component event url", "ok"]);
  });
});
