// TEMPORARY (until the security branch sec21 lands): its files still import this path.
export { getApiHttp, getOAuthConfig, getWeChatClient, signJsSdkPage } from "./wiring/wechat";
export { getWebhook } from "./wiring/webhook";
