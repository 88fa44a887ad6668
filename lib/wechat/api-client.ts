/**
 * Calls to WeChat APIs that take an access_token, with the single
 * refresh-and-retry when WeChat says the token is invalid or expired —
 * expiring only the token that failed, so a stale 40001 from a token another
 * process already replaced does not cause a second refresh.
 *
 * @see https://developers.weixin.qq.com/doc/offiaccount/Getting_Started/Global_Return_Code.html
 */
import { WeChatApiError } from "./errors";
import { requestWeChat, type ApiRequest, type HttpOptions } from "./http";
import { requestWeChatStream, type StreamResult } from "./http-stream";

/** 40001 invalid credential / not the latest token, 40014 invalid token, 42001 token expired. */
export const TOKEN_INVALID_ERRCODES: ReadonlySet<number> = new Set([40001, 40014, 42001]);

export interface AccessTokenSource {
  getAccessToken(): Promise<string>;
  /** Expire the stored token only if it is still `token`; true when it was. */
  invalidateAccessToken(token: string): Promise<boolean>;
}

export interface ApiCallDeps extends AccessTokenSource {
  http: HttpOptions;
  /**
   * The query parameter the token goes in: "access_token" (default) for an account's calls,
   * "component_access_token" for a third-party platform's own (cgi-bin/component/*, sns/…/component).
   */
  tokenQueryName?: string;
}

/** What the API modules (lib/wechat/api/*) need: one authenticated call. */
export interface WeChatApiCaller {
  call<T>(req: ApiRequest): Promise<T>;
}

/** For endpoints that answer with a file (media/get, material/get_material). */
export interface WeChatStreamCaller {
  /** Like `call`, but a file answer comes back unread (see http-stream.ts). */
  stream(req: ApiRequest): Promise<StreamResult>;
}

/**
 * Performs `req` with the token added to its query (`access_token`, or `deps.tokenQueryName`).
 * The same errcodes mean a rejected component_access_token. On 40001/40014/42001
 * it invalidates that token (compare-and-set), gets a current one and retries once.
 */
export function callWithAccessToken<T>(deps: ApiCallDeps, req: ApiRequest): Promise<T> {
  return withTokenRetry(deps, req, (r) => requestWeChat<T>(deps.http, r));
}

/** The streaming twin of callWithAccessToken: same single refresh on a token errcode. */
export function streamWithAccessToken(deps: ApiCallDeps, req: ApiRequest): Promise<StreamResult> {
  return withTokenRetry(deps, req, (r) => requestWeChatStream(deps.http, r));
}

async function withTokenRetry<T>(deps: ApiCallDeps, req: ApiRequest, perform: (req: ApiRequest) => Promise<T>): Promise<T> {
  const name = deps.tokenQueryName ?? "access_token";
  const token = await deps.getAccessToken();
  try {
    return await perform(withToken(req, name, token));
  } catch (error) {
    if (!(error instanceof WeChatApiError) || !TOKEN_INVALID_ERRCODES.has(error.errcode)) throw error;
    // WeChat rejected the call before doing anything, so even a POST is safe to repeat.
    await deps.invalidateAccessToken(token);
    const next = await deps.getAccessToken();
    return perform(withToken(req, name, next));
  }
}

function withToken(req: ApiRequest, name: string, token: string): ApiRequest {
  return { ...req, query: { ...req.query, [name]: token } };
}
