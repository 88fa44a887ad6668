/** Helpers for tests of the open-platform group: the platform's side, written from the protocol. */
import { decryptMessage, signValues } from "../protocol/crypto";
import { parseXml, textOf, type ParsedXml } from "../protocol/xml";
import type { RunningSimulator } from "../server";
import { postJson } from "./test-support";
import type { TestWebhook } from "./test-webhook";

export const COMPONENT = {
  componentAppId: "wxc0c0c0c0c0c0c0c0",
  componentAppSecret: "component-secret-0123456789abcdef",
  token: "component-token",
  encodingAESKey: "Z1y2X3w4V5u6T7s8R9q0P1o2N3m4L5k6J7i8H9g0F1e",
  name: "模拟服务商",
} as const;

export const SECOND_ACCOUNT = { appId: "wx1111222233334444", appSecret: "second-secret", token: "second-token", accountName: "第二个公众号" } as const;

/** One push the platform received, checked and opened as a platform would. */
export interface OpenedPush {
  query: URLSearchParams;
  /** The `<AppId>` outside the ciphertext. */
  outerAppId: string;
  /** The appid sealed inside (must be the component appid). */
  sealedAppId: string;
  signatureOk: boolean;
  msgSignatureOk: boolean;
  xml: string;
  doc: ParsedXml;
}

/** Verifies and decrypts the hook's n-th push with the platform's Token and key. */
export function openPush(hook: TestWebhook, index: number, token: string = COMPONENT.token, key: string = COMPONENT.encodingAESKey): OpenedPush {
  const query = new URL(hook.urls[index] ?? "", "http://x").searchParams;
  const outer = parseXml(hook.bodies[index] ?? "") ?? {};
  const encrypt = textOf(outer, "Encrypt");
  const timestamp = query.get("timestamp") ?? "";
  const nonce = query.get("nonce") ?? "";
  const opened = decryptMessage(encrypt, key);
  return {
    query,
    outerAppId: textOf(outer, "AppId"),
    sealedAppId: opened.appId,
    signatureOk: query.get("signature") === signValues(token, timestamp, nonce),
    msgSignatureOk: query.get("msg_signature") === signValues(token, timestamp, nonce, encrypt),
    xml: opened.message,
    doc: parseXml(opened.message) ?? {},
  };
}

/** Waits until the hook has received `count` requests (pushes run in the background). */
export async function waitForPushes(hook: TestWebhook, count: number, timeoutMs = 3000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (hook.received < count) {
    if (Date.now() > until) throw new Error(`expected ${count} pushes, got ${hook.received}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Registers the platform with the hook as its event URL and pushes one ticket; returns the ticket. */
export async function registerPlatform(sim: RunningSimulator, hook: TestWebhook): Promise<string> {
  const before = hook.received;
  await postJson(`${sim.url}/__sim/component`, { ...COMPONENT, eventUrl: hook.url });
  await postJson(`${sim.url}/__sim/component/ticket`, {});
  await waitForPushes(hook, before + 1);
  return textOf(openPush(hook, before).doc, "ComponentVerifyTicket");
}

/** A component_access_token for the registered platform. */
export async function componentToken(sim: RunningSimulator, ticket: string): Promise<string> {
  const res = await postJson(`${sim.url}/cgi-bin/component/api_component_token`, {
    component_appid: COMPONENT.componentAppId,
    component_appsecret: COMPONENT.componentAppSecret,
    component_verify_ticket: ticket,
  });
  return res.component_access_token as string;
}

/**
 * An administrator authorizing `appId` on the authorization page for a fresh pre_auth_code:
 * returns the redirect's auth_code and expires_in (what the platform's callback receives).
 */
export async function authorizeOnPage(sim: RunningSimulator, token: string, appId: string, redirectUri = "https://platform.example/auth/callback"): Promise<{ authCode: string; expiresIn: string; preAuthCode: string }> {
  const pre = await postJson(`${sim.url}/cgi-bin/component/api_create_preauthcode?component_access_token=${token}`, { component_appid: COMPONENT.componentAppId });
  const preAuthCode = pre.pre_auth_code as string;
  const form = new URLSearchParams({ component_appid: COMPONENT.componentAppId, pre_auth_code: preAuthCode, redirect_uri: redirectUri, authorizer_appid: appId });
  for (const id of [1, 2, 4, 15]) form.append("func", String(id));
  const res = await fetch(`${sim.url}/cgi-bin/componentloginpage/confirm`, { method: "POST", body: form, redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" } });
  const location = new URL(res.headers.get("location") ?? "");
  return { authCode: location.searchParams.get("auth_code") ?? "", expiresIn: location.searchParams.get("expires_in") ?? "", preAuthCode };
}
