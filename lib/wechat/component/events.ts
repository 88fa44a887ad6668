/**
 * What arrives at a third-party platform's 授权事件接收URL, decrypted: the ticket pushed every
 * 10 minutes, and an account authorizing, updating or withdrawing its authorization. Parsed
 * into a discriminated union; an InfoType this module does not know (fast registration, …),
 * or one missing a field it needs, degrades to `unknown` — never an error.
 *
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/component_verify_ticket.html
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/authorize_event.html
 */
import { textField, type XmlRecord } from "../xml";

type EventBase = {
  /** The platform the event is for (`AppId`). */
  componentAppId: string;
  /** Seconds since the epoch, as WeChat sends it. */
  createTime: number;
};

export type ComponentVerifyTicketEvent = EventBase & { kind: "component_verify_ticket"; ticket: string };

export type AuthorizedEvent = EventBase & {
  kind: "authorized" | "updateauthorized";
  authorizerAppId: string;
  /** Exchanged with api_query_auth for the account's tokens. A secret; single account, short-lived. */
  authorizationCode: string;
  /** Seconds since the epoch. */
  authorizationCodeExpiredTime: number;
  preAuthCode?: string;
};

export type UnauthorizedEvent = EventBase & { kind: "unauthorized"; authorizerAppId: string };

export type UnknownAuthorizationEvent = EventBase & { kind: "unknown"; infoType: string; raw: XmlRecord };

export type AuthorizationEvent = ComponentVerifyTicketEvent | AuthorizedEvent | UnauthorizedEvent | UnknownAuthorizationEvent;

const seconds = (value: string | undefined): number => {
  const n = Number(value);
  return Number.isSafeInteger(n) && n >= 0 ? n : 0;
};

/** The typed view of a decrypted authorization event. */
export function parseAuthorizationEvent(record: XmlRecord): AuthorizationEvent {
  const field = (name: string): string | undefined => {
    const value = textField(record, name)?.trim();
    return value ? value : undefined;
  };
  const infoType = field("InfoType") ?? "";
  const base: EventBase = { componentAppId: field("AppId") ?? "", createTime: seconds(field("CreateTime")) };
  const unknown: UnknownAuthorizationEvent = { ...base, kind: "unknown", infoType, raw: record };
  const authorizerAppId = field("AuthorizerAppid");
  switch (infoType) {
    case "component_verify_ticket": {
      const ticket = field("ComponentVerifyTicket");
      return ticket ? { ...base, kind: infoType, ticket } : unknown;
    }
    case "authorized":
    case "updateauthorized": {
      const authorizationCode = field("AuthorizationCode");
      if (!authorizerAppId || !authorizationCode) return unknown;
      const preAuthCode = field("PreAuthCode");
      return {
        ...base,
        kind: infoType,
        authorizerAppId,
        authorizationCode,
        authorizationCodeExpiredTime: seconds(field("AuthorizationCodeExpiredTime")),
        ...(preAuthCode ? { preAuthCode } : {}),
      };
    }
    case "unauthorized":
      return authorizerAppId ? { ...base, kind: infoType, authorizerAppId } : unknown;
    default:
      return unknown;
  }
}
