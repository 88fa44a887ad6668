import { describe, expect, expectTypeOf, it } from "vitest";
import { createBotRouter } from "./bot-router";
import { parseMessageRecord, type InboundMessage } from "./message";
import { text } from "./reply";
import type { MessageContext } from "./webhook/types";

const base = { ToUserName: "gh_account", FromUserName: "oUser1", CreateTime: "1348831860" };
const textMsg = parseMessageRecord({ ...base, MsgType: "text", Content: "hi", MsgId: "1" });
const imageMsg = parseMessageRecord({ ...base, MsgType: "image", PicUrl: "p", MediaId: "m", MsgId: "2" });
const subscribe = parseMessageRecord({ ...base, MsgType: "event", Event: "subscribe", EventKey: "qrscene_7" });
const click = parseMessageRecord({ ...base, MsgType: "event", Event: "CLICK", EventKey: "K" });
const unknown = parseMessageRecord({ ...base, MsgType: "miniprogrampage" });
const ctx: MessageContext = { dedupKey: "key", receivedAt: 1_348_831_860_000, account: { appId: "wx_account" } };

describe("createBotRouter", () => {
  // The app's default bot, as lib/bot.ts builds it.
  const bot = createBotRouter({
    text: (msg) => text(`Hello ${msg.content}`),
    event: { subscribe: (msg) => text(`欢迎关注${msg.scene ? `（场景 ${msg.scene}）` : ""}`) },
  });

  it("routes text and subscribe to their handlers", async () => {
    expect(await bot(textMsg, ctx)).toEqual({ type: "text", content: "Hello hi" });
    expect(await bot(subscribe, ctx)).toEqual({ type: "text", content: "欢迎关注（场景 7）" });
  });

  it("answers null when no handler and no fallback match", async () => {
    expect(await bot(imageMsg, ctx)).toBeNull();
    expect(await bot(click, ctx)).toBeNull();
    expect(await bot(unknown, ctx)).toBeNull();
  });

  it("uses the fallback for unhandled types, events and unknown pushes; specific handlers win", async () => {
    const seen: string[] = [];
    const router = createBotRouter({
      unknown: (msg) => {
        seen.push(`unknown:${msg.msgType}`);
        return null;
      },
      event: { CLICK: async (msg) => text(`clicked ${msg.eventKey}`) },
      fallback: (msg) => {
        seen.push(`fallback:${msg.type}`);
        return undefined;
      },
    });
    expect(await router(click, ctx)).toEqual({ type: "text", content: "clicked K" });
    expect(await router(textMsg, ctx)).toBeNull();
    expect(await router(subscribe, ctx)).toBeNull();
    expect(await router(unknown, ctx)).toBeNull();
    expect(seen).toEqual(["fallback:text", "fallback:event", "unknown:miniprogrampage"]);
  });

  it("passes a typed context through", async () => {
    const router = createBotRouter<{ greeting: string }>({ text: (msg, ctx) => text(`${ctx.greeting} ${msg.content}`) });
    expect(await router(textMsg, { greeting: "你好" })).toEqual({ type: "text", content: "你好 hi" });
  });

  it("propagates a handler's error (the webhook turns it into success + a log line)", async () => {
    const router = createBotRouter({
      text: () => {
        throw new Error("boom");
      },
    });
    await expect(router(textMsg, ctx)).rejects.toThrow("boom");
  });

  it("narrows handler arguments to the variant", () => {
    createBotRouter({
      text: (msg) => {
        expectTypeOf(msg.content).toEqualTypeOf<string>();
        return null;
      },
      event: {
        VIEW: (msg) => {
          expectTypeOf(msg.url).toEqualTypeOf<string>();
          return null;
        },
        LOCATION: (msg) => {
          expectTypeOf(msg.latitude).toEqualTypeOf<number>();
          return null;
        },
      },
      fallback: (msg) => {
        expectTypeOf(msg).toEqualTypeOf<InboundMessage>();
        return null;
      },
    });
  });
});

describe("createBotRouter: job and account events", () => {
  it("routes TEMPLATESENDJOBFINISH, annual_renew and kf_switch_session to their typed handlers", async () => {
    const seen: string[] = [];
    const router = createBotRouter({
      event: {
        TEMPLATESENDJOBFINISH: (msg) => void seen.push(`template ${msg.msgId} ${msg.outcome}`),
        annual_renew: (msg) => void seen.push(`renew ${msg.expiredTime}`),
        kf_switch_session: (msg) => void seen.push(`kf ${msg.fromKfAccount}->${msg.toKfAccount}`),
      },
    });
    const evt = (fields: Record<string, string>): InboundMessage => parseMessageRecord({ ...base, MsgType: "event", ...fields });
    expect(await router(evt({ Event: "TEMPLATESENDJOBFINISH", MsgID: "200163836", Status: "failed:user block" }), ctx)).toBeNull();
    await router(evt({ Event: "annual_renew", ExpiredTime: "1442401156" }), ctx);
    await router(evt({ Event: "kf_switch_session", FromKfAccount: "a@x", ToKfAccount: "b@x" }), ctx);
    await router(evt({ Event: "verify_expired", ExpiredTime: "1" }), ctx);
    expect(seen).toEqual(["template 200163836 user_block", "renew 1442401156", "kf a@x->b@x"]);
  });
});
