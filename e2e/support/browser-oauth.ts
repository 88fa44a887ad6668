/**
 * Web authorization driven hop by hop, the way a browser follows it, with a Playwright
 * request context as the cookie jar: app start route → simulator authorize (→ consent
 * form) → app callback. Every hop is a manual redirect so each Location can be inspected.
 */
import { expect, type APIRequestContext, type APIResponse } from "@playwright/test";
import { appUrl, simulatorUrl } from "../e2e-env";

export type Scope = "snsapi_base" | "snsapi_userinfo";

export interface SimUser {
  openid: string;
  nickname: string;
  subscribe: number;
  unionid?: string;
}

export async function simUsers(request: APIRequestContext): Promise<SimUser[]> {
  const res = await request.get(`${simulatorUrl}/__sim/users`);
  expect(res.status()).toBe(200);
  const body = (await res.json()) as { users?: SimUser[] } | SimUser[];
  const users = Array.isArray(body) ? body : (body.users ?? []);
  expect(users.length).toBeGreaterThan(3);
  return users;
}

/** Every Set-Cookie header of a response. */
export function setCookies(res: APIResponse): string[] {
  return res
    .headersArray()
    .filter((h) => h.name.toLowerCase() === "set-cookie")
    .map((h) => h.value);
}

export function locationOf(res: APIResponse): string {
  const location = res.headers()["location"];
  expect(location, `${res.url()} (${res.status()}) has no Location`).toBeTruthy();
  return location as string;
}

export interface Started {
  response: APIResponse;
  /** The authorize URL on the simulator. */
  authorizeUrl: string;
  state: string;
}

export function startPath(scope?: string, returnTo?: string): string {
  const query = new URLSearchParams();
  if (scope !== undefined) query.set("scope", scope);
  if (returnTo !== undefined) query.set("returnTo", returnTo);
  const qs = query.toString();
  return `/api/auth/wechat${qs ? `?${qs}` : ""}`;
}

/** `GET /api/auth/wechat` without following the redirect. */
export async function startAuth(jar: APIRequestContext, scope?: Scope, returnTo?: string): Promise<Started> {
  const response = await jar.get(startPath(scope, returnTo), { maxRedirects: 0 });
  expect(response.status(), await response.text()).toBe(302);
  const authorizeUrl = locationOf(response);
  const state = /[?&]state=([^&#]*)/.exec(authorizeUrl)?.[1];
  expect(state, authorizeUrl).toBeTruthy();
  return { response, authorizeUrl, state: state as string };
}

/** snsapi_base: the simulator answers the authorize URL silently with a 302 to the callback. */
export async function silentCallbackUrl(jar: APIRequestContext, authorizeUrl: string): Promise<string> {
  const res = await jar.get(authorizeUrl, { maxRedirects: 0 });
  expect(res.status(), await res.text()).toBe(302);
  return locationOf(res);
}

/** snsapi_userinfo: opens the consent page and submits it as the page's form would. */
export async function consent(
  jar: APIRequestContext,
  authorizeUrl: string,
  decision: "allow" | "deny",
  openid?: string,
): Promise<string> {
  const page = await jar.get(authorizeUrl, { maxRedirects: 0 });
  expect(page.status()).toBe(200);
  const html = await page.text();
  expect(html).toContain('data-testid="consent-page"');
  const pending = /name="pending" value="([^"]+)"/.exec(html)?.[1];
  expect(pending, "consent page without a pending id").toBeTruthy();
  const form: Record<string, string> = { pending: pending as string, decision };
  if (openid) form.openid = openid;
  const res = await jar.post(`${simulatorUrl}/connect/oauth2/authorize/confirm`, { form, maxRedirects: 0 });
  expect(res.status(), await res.text()).toBe(302);
  return locationOf(res);
}

/** The callback on the app, not followed. */
export async function callback(jar: APIRequestContext, callbackUrl: string): Promise<APIResponse> {
  return jar.get(callbackUrl, { maxRedirects: 0 });
}

export interface SignedIn {
  started: Started;
  callbackUrl: string;
  callbackResponse: APIResponse;
  /** Where the callback sent the browser. */
  finalLocation: string;
  /** Every Location header seen on the way. */
  locations: string[];
}

/** A complete sign-in; for snsapi_userinfo the given simulator user consents. */
export async function signIn(
  jar: APIRequestContext,
  options: { scope: Scope; returnTo?: string; openid?: string },
): Promise<SignedIn> {
  const started = await startAuth(jar, options.scope, options.returnTo);
  const callbackUrl =
    options.scope === "snsapi_base"
      ? await silentCallbackUrl(jar, started.authorizeUrl)
      : await consent(jar, started.authorizeUrl, "allow", options.openid);
  expect(callbackUrl.startsWith(`${appUrl()}/api/auth/wechat/callback?`), callbackUrl).toBe(true);
  const callbackResponse = await callback(jar, callbackUrl);
  expect(callbackResponse.status(), await callbackResponse.text()).toBe(302);
  const finalLocation = locationOf(callbackResponse);
  return { started, callbackUrl, callbackResponse, finalLocation, locations: [started.authorizeUrl, callbackUrl, finalLocation] };
}

/** `GET /api/me` → status and body (JSON or text). */
export async function me(jar: APIRequestContext, base: string = appUrl()): Promise<{ status: number; body: Record<string, unknown>; text: string }> {
  const res = await jar.get(`${base}/api/me`);
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    /* a non-JSON answer is asserted on by the caller through `text` */
  }
  return { status: res.status(), body, text };
}

/** No token of any kind in a response body meant for the browser. */
export function expectNoTokenFields(text: string): void {
  expect(text).not.toMatch(/access_?token|refresh_?token|accessToken|refreshToken|jsapi_ticket|"ticket"/i);
}
