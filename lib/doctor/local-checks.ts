/** The doctor's checks of local files and values: MP_verify, WECHAT_TOKEN, WECHAT_ENCODING_AES_KEY. */
import type { Env } from "../config/env-schema";
import type { FetchLike } from "@wxmp/wechat/types";
import type { PublicDir } from "./checks";
import { fail, ok, warn, type CheckResult } from "./report";

const MP_VERIFY = /^MP_verify_[A-Za-z0-9]+\.txt$/;
const isLocal = (host: string): boolean => host === "localhost" || host === "127.0.0.1" || host === "[::1]";

/**
 * The domain-ownership file WeChat asks for before it accepts a JS-safe or OAuth domain:
 * present in public/ and served at APP_URL's root with the same content. Only a public
 * production deployment fails without one (the test account and the demo need none).
 */
export async function checkMpVerify(env: Env, publicDir: PublicDir, fetch: FetchLike): Promise<CheckResult> {
  const files = ((await publicDir.list()) ?? []).filter((name) => MP_VERIFY.test(name));
  const required = env.production && !isLocal(new URL(env.appUrl).hostname);
  if (files.length === 0) {
    const zh = "public/ 下没有 MP_verify_*.txt：在公众平台 设置与开发 → 公众号设置 → 功能设置 下载并放进 public/";
    const en = "no public/MP_verify_*.txt: download it from the console (Account Settings → Features) into public/";
    return required ? fail("MP_verify", zh, en) : warn("MP_verify", `${zh}（测试号可不填）`, `${en} (not needed for the test account)`);
  }
  const name = files[0]!;
  const expected = (await publicDir.read(name)).trim();
  let served: string | null = null;
  try {
    const res = await fetch(`${env.appUrl}/${name}`, { redirect: "manual", signal: AbortSignal.timeout(env.httpTimeoutMs) });
    served = res.ok ? (await res.text()).trim() : null;
  } catch {
    served = null;
  }
  if (served !== expected) {
    return fail("MP_verify", `${env.appUrl}/${name} 访问不到或内容不同：启动应用并确认该文件可公开访问`, `${env.appUrl}/${name} is not served as in public/: start the app and make the file public`);
  }
  return ok("MP_verify", `${name} 已放置并可访问 / present and served`);
}

/** WeChat's rule for the server-URL Token: 3–32 letters or digits. */
export function checkWeChatToken(source: Record<string, string | undefined>): CheckResult {
  const value = source.WECHAT_TOKEN?.trim() ?? "";
  if (!value) return fail("WECHAT_TOKEN", "WECHAT_TOKEN 未设置：填入公众平台「服务器配置」里的令牌(Token)", "WECHAT_TOKEN is not set: use the Token from the console's server configuration");
  if (!/^[A-Za-z0-9]{3,32}$/.test(value)) {
    return fail("WECHAT_TOKEN", `WECHAT_TOKEN 须为 3-32 位英文或数字（现为 ${value.length} 位）：与公众平台令牌(Token)保持一致`, `WECHAT_TOKEN must be 3-32 letters or digits (has ${value.length} characters): match the console's Token`);
  }
  return ok("WECHAT_TOKEN", `格式正确（${value.length} 位）/ well-formed`);
}

/** EncodingAESKey: 43 letters or digits, or unset for plaintext mode. */
export function checkAesKey(source: Record<string, string | undefined>): CheckResult {
  const results = ["WECHAT_ENCODING_AES_KEY", "WECHAT_ENCODING_AES_KEY_PREVIOUS"].map((name) => {
    const value = source[name]?.trim();
    if (!value || /^[A-Za-z0-9]{43}$/.test(value)) return null;
    return fail(name, `${name} 须为 43 位英文或数字（现为 ${value.length} 位）：从公众平台「消息加解密密钥」复制`, `${name} must be 43 letters or digits (has ${value.length}): copy the console's EncodingAESKey`);
  });
  const failed = results.find((r) => r !== null);
  if (failed) return failed;
  return ok("WECHAT_ENCODING_AES_KEY", source.WECHAT_ENCODING_AES_KEY?.trim() ? "格式正确 / well-formed (安全模式 / safe mode)" : "未设置：明文模式 / unset: plaintext mode");
}
