/**
 * Customer-service messages from the console: a text to one follower (message/custom/send),
 * its input checked first. Framework-free: the WeChat client is injected (lib/wiring).
 */
import type { WeChatApiCaller } from "@wxmp/wechat/api-client";
import { sendTextMessage } from "@wxmp/wechat/api/custom-message";
import type { InteractionStore } from "./interactions";
import { serviceWindow, type ServiceWindow } from "./window";

/** `POST /api/admin/messages`: `{ openid, content }`. */
export type CustomerServiceText = { openid: string; content: string };

/** The request's problem, named as the route answers it (400), or the message to send. */
export function parseCustomerServiceText(body: unknown): { ok: true; value: CustomerServiceText } | { ok: false; error: "invalid_openid" | "invalid_content" } {
  const b = (body && typeof body === "object" ? body : {}) as { openid?: unknown; content?: unknown };
  const openid = typeof b.openid === "string" ? b.openid.trim() : "";
  const content = typeof b.content === "string" ? b.content : "";
  if (!isConsoleOpenid(openid)) return { ok: false, error: "invalid_openid" };
  if (!content.trim() || content.length > 2000) return { ok: false, error: "invalid_content" };
  return { ok: true, value: { openid, content } };
}

/** An openid as the routes accept it. */
export function isConsoleOpenid(value: unknown): value is string {
  return typeof value === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(value);
}

export interface MessageService {
  /** Sends, then counts the message against the follower's window. */
  sendText(message: CustomerServiceText): Promise<void>;
  /** The follower's window now, from the interactions the webhook recorded. */
  window(openid: string): Promise<ServiceWindow>;
}

export function createMessageService(deps: { client: WeChatApiCaller; interactions: InteractionStore; now: () => number }): MessageService {
  return {
    async sendText({ openid, content }) {
      await sendTextMessage(deps.client, openid, content);
      await deps.interactions.countSent(openid);
    },
    async window(openid) {
      return serviceWindow(await deps.interactions.get(openid), deps.now());
    },
  };
}
