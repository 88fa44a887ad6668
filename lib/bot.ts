import "server-only";
import { logger } from "./logger";
import { createBotRouter, type BotRouter } from "@wxmp/wechat/bot-router";
import { news, text } from "@wxmp/wechat/reply";

/** What the bot may use of the configuration: lib/wiring passes it in from the validated env. */
export interface BotSettings {
  /** APP_URL: links to the app's own pages. */
  appUrl: string;
  /** BOT_DEMO_COMMANDS=1: the demo menu keys below answer. */
  demoCommands: boolean;
}

/**
 * ★ The bot: what the Official Account answers. Replace these handlers with your own.
 *
 * Each handler gets the parsed push, narrowed to its type, and returns a reply — or
 * nothing, and WeChat gets `success`. Handlers may be slow: a reply not ready within the
 * deadline (WECHAT_REPLY_DEADLINE_MS, default 4.5 s) is sent later through the
 * customer-service API, once. A handler that throws is logged and answered `success`.
 */
export function createBot(settings: BotSettings): BotRouter {
  return createBotRouter({
    text: (msg) => text(`Hello ${msg.content}`),
    event: {
      // A follow through a scene QR code carries the scene (EventKey qrscene_<scene>, parsed for you).
      subscribe: (msg) => text(`欢迎关注！${msg.scene ? `（来自二维码：${msg.scene}）` : ""}发送任意文字，我会回复 Hello + 你的文字。`),
      // A menu button of type "click": its key is the EventKey (see /admin/menu to publish one).
      CLICK: (msg) => {
        if (msg.eventKey === "MENU_CONTACT") return text("客服在线时间：工作日 9:00–18:00。直接发消息给我们即可。");
        // Demo menu keys (set BOT_DEMO_COMMANDS=1; the simulator's chat has buttons for them).
        return settings.demoCommands ? demoClick(msg.eventKey, settings.appUrl) : null;
      },
      // A follower scanned a scene QR code (/admin/qrcodes makes them): the scene says which campaign.
      SCAN: (msg) => text(`您扫描了二维码「${msg.scene}」，感谢关注我们的活动。`),
      // A template message's delivery report: MsgID is the msgid the send returned. Nobody sees a reply.
      TEMPLATESENDJOBFINISH: (msg) => {
        logger.info("template message job finished", { msgId: msg.msgId, outcome: msg.outcome });
        return null;
      },
      // Account events an operator must not miss (verified-only APIs stop when verification lapses).
      annual_renew: (msg) => void logger.warn("WeChat verification renewal due", { expiredTime: msg.expiredTime }),
      verify_expired: (msg) => void logger.warn("WeChat verification expired", { expiredTime: msg.expiredTime }),
    },
  });
}

/**
 * Menu clicks that exercise the webhook's guarantees in the demo and the end-to-end tests:
 * DEMO_NEWS → a news card; DEMO_SLOW_<ms> → a reply after <ms> (past the deadline, so it
 * arrives by customer-service message); DEMO_THROW → a handler failure.
 */
async function demoClick(key: string, appUrl: string) {
  if (key === "DEMO_NEWS") {
    return news({
      title: "公众号网页示例",
      description: "登录、个人资料与 JS-SDK 演示",
      picUrl: `${appUrl}/jssdk/icon.png`,
      url: `${appUrl}/`,
    });
  }
  const slow = /^DEMO_SLOW_(\d{1,5})$/.exec(key);
  if (slow) {
    await new Promise((resolve) => setTimeout(resolve, Number(slow[1])));
    return text(`慢任务完成（${slow[1]} 毫秒）`);
  }
  if (key === "DEMO_THROW") throw new Error("demo handler failure");
  return null;
}
