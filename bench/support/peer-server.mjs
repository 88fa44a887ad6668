// @ts-check
/**
 * The peer: what many tutorials still set up — Koa 2 + co-wechat 2 (wechat-crypto for safe
 * mode), answering `Hello <Content>` like our bot. Used as the library documents it.
 * Env: PORT, WECHAT_TOKEN, WECHAT_APP_ID, WECHAT_ENCODING_AES_KEY.
 */
import Koa from "koa";
import wechat from "co-wechat";

const config = {
  token: process.env.WECHAT_TOKEN ?? "",
  appid: process.env.WECHAT_APP_ID ?? "",
  encodingAESKey: process.env.WECHAT_ENCODING_AES_KEY ?? "",
};

const app = new Koa();
app.use(
  wechat(config).middleware(async (message) => {
    if (message.MsgType === "text") return `Hello ${message.Content}`;
    return "";
  }),
);
app.listen(Number(process.env.PORT ?? 3911), "127.0.0.1");
