/**
 * A minimal third-party platform for the simulator's tests, written from the protocol: its event
 * URL keeps the last component_verify_ticket; its message URL (`/api/wechat/{appid}`) opens
 * pushes with the platform's key and answers WeChat's 全网发布 cases. `mistakes` make it fail
 * them on purpose, so the release-test runner can be seen to fail.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { decryptMessage, encryptMessage, signValues } from "../protocol/crypto";
import { buildXml, parseXml, textOf } from "../protocol/xml";
import { COMPONENT } from "./component-support";

export interface PlatformApp {
  /** The event URL; messages go to the same origin's /api/wechat/{appid}. */
  eventUrl: string;
  lastTicket: string;
  /** Plaintext XML of every message pushed to the message URL. */
  messages: string[];
  close(): Promise<void>;
}

export interface PlatformMistakes {
  /** Answer the text case with something else. */
  wrongText?: boolean;
  /** Answer QUERY_AUTH_CODE but never call the APIs. */
  skipApi?: boolean;
}

function sealedReply(xml: string): string {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = "1320562132";
  const encrypt = encryptMessage(xml, COMPONENT.componentAppId, COMPONENT.encodingAESKey);
  return buildXml({ Encrypt: encrypt, MsgSignature: signValues(COMPONENT.token, timestamp, nonce, encrypt), TimeStamp: timestamp, Nonce: nonce });
}

async function post(url: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return (await res.json()) as Record<string, unknown>;
}

/** QUERY_AUTH_CODE's late half: component token → api_query_auth → custom/send "<code>_from_api". */
async function answerThroughApi(simUrl: string, app: PlatformApp, code: string, openid: string): Promise<void> {
  const token = await post(`${simUrl}/cgi-bin/component/api_component_token`, {
    component_appid: COMPONENT.componentAppId, component_appsecret: COMPONENT.componentAppSecret, component_verify_ticket: app.lastTicket,
  });
  const auth = await post(`${simUrl}/cgi-bin/component/api_query_auth?component_access_token=${String(token.component_access_token)}`, {
    component_appid: COMPONENT.componentAppId, authorization_code: code,
  });
  const access = (auth.authorization_info as { authorizer_access_token?: string } | undefined)?.authorizer_access_token ?? "";
  await post(`${simUrl}/cgi-bin/message/custom/send?access_token=${access}`, { touser: openid, msgtype: "text", text: { content: `${code}_from_api` } });
}

export async function startPlatformApp(simUrl: string, mistakes: PlatformMistakes = {}): Promise<PlatformApp> {
  const app: PlatformApp = { eventUrl: "", lastTicket: "", messages: [], close: async () => undefined };
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      const q = new URL(req.url ?? "/", "http://x").searchParams;
      const encrypt = textOf(parseXml(body) ?? {}, "Encrypt");
      if (q.get("msg_signature") !== signValues(COMPONENT.token, q.get("timestamp") ?? "", q.get("nonce") ?? "", encrypt)) {
        res.writeHead(403).end("bad signature");
        return;
      }
      const xml = decryptMessage(encrypt, COMPONENT.encodingAESKey).message;
      const doc = parseXml(xml) ?? {};
      if (req.url?.startsWith("/api/wechat/component")) {
        if (textOf(doc, "InfoType") === "component_verify_ticket") app.lastTicket = textOf(doc, "ComponentVerifyTicket");
        res.end("success");
        return;
      }
      app.messages.push(xml);
      const openid = textOf(doc, "FromUserName");
      const text = (content: string): string =>
        sealedReply(buildXml({ ToUserName: openid, FromUserName: textOf(doc, "ToUserName"), CreateTime: Math.floor(Date.now() / 1000), MsgType: "text", Content: content }));
      const content = textOf(doc, "Content");
      if (textOf(doc, "MsgType") === "event") res.end(text(`${textOf(doc, "Event")}from_callback`));
      else if (content === "TESTCOMPONENT_MSG_TYPE_TEXT") res.end(text(mistakes.wrongText ? "hello" : "TESTCOMPONENT_MSG_TYPE_TEXT_callback"));
      else if (content.startsWith("QUERY_AUTH_CODE:")) {
        res.end("");
        if (!mistakes.skipApi) void answerThroughApi(simUrl, app, content.slice("QUERY_AUTH_CODE:".length), openid);
      } else res.end("success");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  app.eventUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/wechat/component`;
  app.close = () => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  };
  return app;
}
