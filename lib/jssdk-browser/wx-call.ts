/**
 * Promise wrapper for one jweixin API call. jweixin reports through success / fail /
 * cancel callbacks and, if the bridge never answers, through nothing at all — hence
 * the timeout, so a button never spins forever.
 *
 * @see https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/JS-SDK.html
 */

export type WxCallResult<T> = { ok: true; res: T | undefined } | { ok: false; cancelled: boolean; errMsg: string };

/** Optional parameters: jweixin's typings declare some callbacks without arguments. */
export interface WxCallbacks<T> {
  success: (res?: T) => void;
  fail: (res?: unknown) => void;
  cancel: (res?: unknown) => void;
}

function errMsgOf(res: unknown): string {
  if (res && typeof res === "object") {
    const r = res as { errMsg?: unknown; err_msg?: unknown };
    if (typeof r.errMsg === "string") return r.errMsg;
    if (typeof r.err_msg === "string") return r.err_msg;
  }
  return "unknown error";
}

export function callWx<T>(start: (callbacks: WxCallbacks<T>) => void, timeoutMs = 10_000): Promise<WxCallResult<T>> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (result: WxCallResult<T>): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(result);
    };
    const timer = setTimeout(() => finish({ ok: false, cancelled: false, errMsg: "timeout: 微信没有响应" }), timeoutMs);
    try {
      start({
        success: (res) => finish({ ok: true, res }),
        fail: (res) => finish({ ok: false, cancelled: false, errMsg: errMsgOf(res) }),
        cancel: (res) => finish({ ok: false, cancelled: true, errMsg: errMsgOf(res) }),
      });
    } catch (error) {
      finish({ ok: false, cancelled: false, errMsg: error instanceof Error ? error.message : String(error) });
    }
  });
}

/** Chinese text for a failed call (the technical errMsg is kept, admins need it). */
export function describeWxFailure(result: { cancelled: boolean; errMsg: string }): string {
  if (result.cancelled) return "你取消了操作";
  if (/permission denied/i.test(result.errMsg)) return `没有调用权限（请确认 JS-SDK 已就绪、接口在 jsApiList 中）：${result.errMsg}`;
  return `调用失败：${result.errMsg}`;
}
