/**
 * The third-party platform section of the environment (开放平台 第三方平台, docs/open-platform.md).
 * Off until WECHAT_COMPONENT_APP_ID is set; then the secret, the platform's message Token and
 * its EncodingAESKey are required (the platform's pushes are always encrypted), and the first
 * missing or malformed one is an `EnvError` naming it (one line, no value shown).
 */
import { EnvError, parseAesKey, read, required, type Source } from "./env-fields";

export interface ComponentEnv {
  /** component_appid: the platform's AppID on open.weixin.qq.com. */
  componentAppId: string;
  /** component_appsecret. Secret. */
  componentAppSecret: string;
  /** 消息校验Token: signs the authorization events and every authorized account's pushes. Secret. */
  token: string;
  /** 消息加解密Key (43 characters). Secret. */
  encodingAESKey: string;
  previousEncodingAESKey: string | undefined;
  /**
   * Authorization pages to link to instead of WeChat's (the simulator's): WECHAT_COMPONENT_LOGIN_PAGE_URL
   * and WECHAT_COMPONENT_MOBILE_PAGE_URL. Unset in production: WeChat's own pages.
   */
  authorizationPages: { pc?: string; mobile?: string };
}

function parsePageUrl(source: Source, name: string): string | undefined {
  const value = read(source, name);
  if (value === undefined) return undefined;
  try {
    const url = new URL(value);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error();
  } catch {
    throw new EnvError(name, "must be an absolute http(s) URL");
  }
  return value;
}

export function parseComponentEnv(source: Source): ComponentEnv | undefined {
  const componentAppId = read(source, "WECHAT_COMPONENT_APP_ID");
  if (componentAppId === undefined) return undefined;
  if (!/^wx[0-9A-Za-z]{16}$/.test(componentAppId)) throw new EnvError("WECHAT_COMPONENT_APP_ID", "must be the platform's AppID (wx + 16 letters or digits)");
  const componentAppSecret = required(source, "WECHAT_COMPONENT_APP_SECRET");
  const token = required(source, "WECHAT_COMPONENT_TOKEN");
  if (!/^[a-zA-Z0-9]{3,32}$/.test(token)) throw new EnvError("WECHAT_COMPONENT_TOKEN", "must be 3-32 characters of [a-zA-Z0-9]");
  const encodingAESKey = parseAesKey("WECHAT_COMPONENT_ENCODING_AES_KEY", required(source, "WECHAT_COMPONENT_ENCODING_AES_KEY")) as string;
  const pc = parsePageUrl(source, "WECHAT_COMPONENT_LOGIN_PAGE_URL");
  const mobile = parsePageUrl(source, "WECHAT_COMPONENT_MOBILE_PAGE_URL");
  return {
    componentAppId,
    componentAppSecret,
    token,
    encodingAESKey,
    previousEncodingAESKey: parseAesKey("WECHAT_COMPONENT_ENCODING_AES_KEY_PREVIOUS", read(source, "WECHAT_COMPONENT_ENCODING_AES_KEY_PREVIOUS")),
    authorizationPages: { ...(pc ? { pc } : {}), ...(mobile ? { mobile } : {}) },
  };
}
