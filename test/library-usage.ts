/**
 * The README's "Use the library in your own app" snippet, compiled by `tsc --noEmit` (and
 * imported by test/library-usage.test.ts): if the public surface changes under it, the
 * check fails. Keep it identical to the README.
 */
// README snippet start — app/api/wechat/route.ts in your app
import { createBotRouter, createWebhook, handleWebRequest, text } from "@wxmp/wechat";

const webhook = createWebhook({
  token: process.env.WECHAT_TOKEN!,
  appId: process.env.WECHAT_APP_ID!,
  encodingAESKey: process.env.WECHAT_ENCODING_AES_KEY,
  onMessage: createBotRouter({
    text: (msg) => text(`你说：${msg.content}`),
    event: { subscribe: () => text("欢迎关注！") },
  }),
});

export const GET = (request: Request) => handleWebRequest(webhook, request);
export const POST = (request: Request) => handleWebRequest(webhook, request);
// README snippet end
