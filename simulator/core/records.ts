/** Shapes of what the simulator records (control API and UI read these). */

/** One call the app made to a simulated WeChat API. */
export interface ApiLogEntry {
  id: number;
  at: number;
  method: string;
  /** e.g. 'cgi-bin/token' (never the query string: it holds secrets). */
  endpoint: string;
  /** 0 for success, the errcode otherwise; null for non-JSON answers (redirects, pages) and WeChat Pay's errors. */
  errcode: number | null;
  /** WeChat Pay's error code (`SIGN_ERROR`, `ORDER_NOT_EXIST`, …), when it answered one. */
  code?: string;
  status: number;
  ms: number;
  /** Which injected fault answered, if any. */
  fault?: string;
}

/** One bubble of the chat pane. */
export interface ConversationEntry {
  id: number;
  at: number;
  openid: string;
  /** user = sent by the simulated user; bot = passive reply; custom = customer-service API; system = delivery notes. */
  role: "user" | "bot" | "custom" | "system";
  /** text, image, news, event, voice, … */
  kind: string;
  text?: string;
  payload?: unknown;
}

/** A message the app sent with cgi-bin/message/custom/send. */
export interface CustomMessage {
  id: number;
  at: number;
  touser: string;
  msgtype: string;
  /** The JSON body the app posted. */
  body: Record<string, unknown>;
}

/** One WeixinJSBridge call made by a page. */
export interface JsapiCallRecord {
  id: number;
  at: number;
  /** invoke (with a callback answer), on (event handler registered) or call (fire and forget). */
  kind: string;
  name: string;
  args: unknown;
  result: unknown;
  url?: string;
  platform?: string;
}
