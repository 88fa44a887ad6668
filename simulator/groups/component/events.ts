/**
 * What the open platform pushes to the platform's 授权事件接收URL: component_verify_ticket
 * every 10 minutes, and authorized / updateauthorized / unauthorized when an account
 * authorizes, changes or withdraws. Always encrypted with the platform's EncodingAESKey
 * (the component_appid sealed inside), `msg_signature` over the platform's Token; the platform
 * must answer the string `success` (WeChat gives it 5 seconds).
 *
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/component_verify_ticket.html
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/authorize_event.html
 */
import { randomInt } from "node:crypto";
import { encryptMessage, signValues } from "../../protocol/crypto";
import { buildXml, type XmlFields } from "../../protocol/xml";
import { exchange } from "../../push/webhook-http";
import { AUTH_CODE_TTL_SECONDS } from "./config";
import type { ComponentPushRecord, ComponentState } from "./state";

const PUSH_TIMEOUT_MS = 5000;

export type AuthorizationEvent =
  | { infoType: "authorized" | "updateauthorized"; authorizerAppId: string; authCode: string; preAuthCode?: string }
  | { infoType: "unauthorized"; authorizerAppId: string };

/** The signed, encrypted request WeChat sends to a platform URL for `xml`. */
export function sealForPlatform(component: ComponentState, url: string, xml: string, tamper?: "msg_signature"): { url: URL; body: string } {
  const config = component.config;
  if (!config) throw new Error("no third-party platform configured");
  const target = new URL(url);
  const timestamp = String(Math.floor(component.now() / 1000));
  const nonce = String(randomInt(100_000_000, 2_000_000_000));
  const encrypt = encryptMessage(xml, config.componentAppId, config.encodingAESKey);
  target.searchParams.set("signature", signValues(config.token, timestamp, nonce));
  target.searchParams.set("timestamp", timestamp);
  target.searchParams.set("nonce", nonce);
  target.searchParams.set("encrypt_type", "aes");
  target.searchParams.set("msg_signature", tamper ? "0".repeat(40) : signValues(config.token, timestamp, nonce, encrypt));
  return { url: target, body: `<xml><AppId><![CDATA[${config.componentAppId}]]></AppId><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>` };
}

async function pushToEventUrl(component: ComponentState, fields: XmlFields, infoType: string, authorizerAppId?: string): Promise<ComponentPushRecord> {
  const config = component.config;
  const base = { at: component.now(), infoType, ...(authorizerAppId ? { authorizerAppId } : {}) };
  if (!config?.eventUrl) return component.recordPush({ ...base, url: "", status: null, error: "no event URL configured", ok: false });
  const xml = buildXml({ AppId: config.componentAppId, CreateTime: Math.floor(component.now() / 1000), InfoType: infoType, ...fields });
  const { url, body } = sealForPlatform(component, config.eventUrl, xml);
  const answer = await exchange(url, "POST", body, PUSH_TIMEOUT_MS);
  const ok = answer.status === 200 && (answer.body ?? "").trim() === "success";
  return component.recordPush({
    ...base,
    url: `${url.origin}${url.pathname}`,
    status: answer.status,
    ...(answer.body !== undefined ? { body: answer.body.slice(0, 500) } : {}),
    ...(answer.error ? { error: answer.error } : {}),
    ok,
  });
}

/** Pushes a new component_verify_ticket now (the previous ones stay usable for their 12 hours). */
export async function pushTicket(component: ComponentState): Promise<ComponentPushRecord> {
  const ticket = component.issueTicket();
  component.ticketsPushed++;
  return pushToEventUrl(component, { ComponentVerifyTicket: ticket }, "component_verify_ticket");
}

/** authorized / updateauthorized / unauthorized, as the open platform sends them. */
export function pushAuthorizationEvent(component: ComponentState, event: AuthorizationEvent): Promise<ComponentPushRecord> {
  if (event.infoType === "unauthorized") return pushToEventUrl(component, { AuthorizerAppid: event.authorizerAppId }, event.infoType, event.authorizerAppId);
  const fields: XmlFields = {
    AuthorizerAppid: event.authorizerAppId,
    AuthorizationCode: event.authCode,
    AuthorizationCodeExpiredTime: Math.floor(component.now() / 1000) + AUTH_CODE_TTL_SECONDS,
    ...(event.preAuthCode ? { PreAuthCode: event.preAuthCode } : {}),
  };
  return pushToEventUrl(component, fields, event.infoType, event.authorizerAppId);
}

/**
 * Keeps pushing tickets every `ticketIntervalMs × timeScale` of real time while an event URL is
 * configured (a timer, stopped when the simulator closes). Idempotent.
 */
export function startTicketLoop(component: ComponentState): void {
  if (component.timer || !component.config?.eventUrl) return;
  const schedule = (): void => {
    const config = component.config;
    if (!config?.eventUrl) {
      component.timer = undefined;
      return;
    }
    component.timer = setTimeout(() => {
      void pushTicket(component).finally(schedule);
    }, Math.max(10, config.ticketIntervalMs * config.timeScale));
    component.timer.unref?.();
  };
  schedule();
}
