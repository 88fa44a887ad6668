import { isInvalidSignature } from "./wx-config";
import type { WxStatus } from "./wx-provider";

/**
 * Chinese text for the JS-SDK status, so every page says the same thing
 * (e.g. outside WeChat: the JS-SDK only works in the WeChat in-app browser).
 */
export function wxStatusText(status: WxStatus, error?: string): string {
  switch (status) {
    case "loading":
      return "正在初始化微信 JS-SDK…";
    case "ready":
      return "微信 JS-SDK 已就绪";
    case "unsupported":
      return "JS-SDK 仅在微信内置浏览器中可用，请在微信中打开本页面。";
    case "error":
      return error && isInvalidSignature(error)
        ? "JS-SDK 签名校验失败，请刷新页面后重试。"
        : "JS-SDK 初始化失败，请稍后重试。";
  }
}
