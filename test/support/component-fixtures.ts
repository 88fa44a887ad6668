/**
 * Shared fixtures for the third-party platform's tests (lib/wechat/component): a platform wired
 * to a strict fake fetch, memory stores and a fake clock, WeChat's answers, and pushes sealed
 * the way WeChat seals them — with the test side's own crypto (simulator/protocol/crypto.ts),
 * not the library's, so a bug there cannot hide itself.
 */
import { expect } from "vitest";
import { createMemoryAuthorizerStore, type AuthorizerStore } from "@wxmp/wechat/component/authorizer-store";
import { createComponentPlatform, type ComponentPlatform, type ComponentPlatformOptions } from "@wxmp/wechat/component/platform";
import { createMemoryComponentTicketStore, type ComponentTicketStore } from "@wxmp/wechat/component/ticket-store";
import type { HttpOptions } from "@wxmp/wechat/http";
import { createMemoryCredentialStore, type CredentialStore } from "@wxmp/wechat/token/store";
import { encryptMessage, signValues } from "../../simulator/protocol/crypto";

// The test side's crypto, for tests under lib/wechat (which may import test/support/ only).
export { decryptMessage as decryptSealed, signValues } from "../../simulator/protocol/crypto";
import { createFakeClock, type FakeClock } from "./fake-clock";
import { processSettings } from "./wechat-fixtures";
import { createFakeFetch, type FakeFetch, type FakeReply } from "./fake-fetch";

export const COMPONENT_APPID = "wxc0mp0nent0000001";
export const COMPONENT_SECRET = "COMPONENT_SECRET_0123456789abcdef";
export const PLATFORM_TOKEN = "platformtoken2024";
export const PLATFORM_KEY = "PLATFORMkey0123456789abcdefghijklmnopqrstuv";
export const AUTHORIZER = "wxauth0rizer000001";
export const BASE_URL = "https://api.weixin.test";

export const ticketValue = (n: number | string): string => `ticket@@@PLATFORM_TICKET_${n}_${"t".repeat(40)}`;
export const componentTokenValue = (n: number | string): string => `COMPONENT_TOKEN_${n}_${"c".repeat(24)}`;
export const authorizerTokenValue = (n: number | string): string => `AUTHORIZER_TOKEN_${n}_${"a".repeat(24)}`;
export const refreshTokenValue = (n: number | string): string => `refreshtoken@@@REFRESH_${n}_${"r".repeat(24)}`;
export const componentTokenReply = (n: number | string, expiresIn = 7200): FakeReply => ({
  json: { component_access_token: componentTokenValue(n), expires_in: expiresIn },
});
export const authorizerTokenReply = (n: number | string, refresh?: number | string): FakeReply => ({
  json: { authorizer_access_token: authorizerTokenValue(n), expires_in: 7200, ...(refresh === undefined ? {} : { authorizer_refresh_token: refreshTokenValue(refresh) }) },
});
/** api_query_auth's answer, shaped as in WeChat's doc (and wechatpy's fixture). */
export const queryAuthReply = (appId: string, n: number | string, funcIds = [1, 15]): FakeReply => ({
  json: {
    authorization_info: {
      authorizer_appid: appId,
      authorizer_access_token: authorizerTokenValue(n),
      expires_in: 7200,
      authorizer_refresh_token: refreshTokenValue(n),
      func_info: funcIds.map((id) => ({ funcscope_category: { id } })),
    },
  },
});

export interface PlatformHarness {
  fake: FakeFetch;
  clock: FakeClock;
  store: CredentialStore;
  tickets: ComponentTicketStore;
  authorizers: AuthorizerStore;
  http: HttpOptions;
  /** A platform for another "process" sharing the fake fetch, clock and stores. */
  platform(overrides?: Partial<ComponentPlatformOptions>): ComponentPlatform;
  /** Keeps a ticket as the event handler would, created `ageMs` ago. */
  keepTicket(n: number | string, ageMs?: number): Promise<void>;
}

export function createPlatformHarness(): PlatformHarness {
  const fake = createFakeFetch();
  const clock = createFakeClock();
  const store = createMemoryCredentialStore();
  const tickets = createMemoryComponentTicketStore();
  const authorizers = createMemoryAuthorizerStore();
  const http: HttpOptions = { baseUrl: BASE_URL, fetch: fake.fetch, clock: clock.now, sleep: clock.sleep };
  const nextProcess = processSettings(clock);
  return {
    fake,
    clock,
    store,
    tickets,
    authorizers,
    http,
    platform: (overrides = {}) =>
      createComponentPlatform({
        componentAppId: COMPONENT_APPID,
        componentAppSecret: COMPONENT_SECRET,
        token: PLATFORM_TOKEN,
        encodingAESKey: PLATFORM_KEY,
        tickets,
        authorizers,
        store,
        http,
        ...nextProcess(),
        ...overrides,
      }),
    async keepTicket(n, ageMs = 0) {
      const createdAt = clock.now() - ageMs;
      await tickets.save(COMPONENT_APPID, { ticket: ticketValue(n), createdAt, receivedAt: createdAt });
    },
  };
}

/** A push as WeChat sends it to the platform's URLs: the sealed body and the signed query. */
export function sealedPush(
  plaintext: string,
  opts: { now: number; nonce?: string; appId?: string; key?: string; token?: string },
): { body: string; query: URLSearchParams } {
  const timestamp = String(Math.floor(opts.now / 1000));
  const nonce = opts.nonce ?? `n${Math.random().toString(36).slice(2, 10)}`;
  const token = opts.token ?? PLATFORM_TOKEN;
  const encrypt = encryptMessage(plaintext, opts.appId ?? COMPONENT_APPID, opts.key ?? PLATFORM_KEY);
  const query = new URLSearchParams({
    signature: signValues(token, timestamp, nonce),
    timestamp,
    nonce,
    encrypt_type: "aes",
    msg_signature: signValues(token, timestamp, nonce, encrypt),
  });
  return { body: `<xml><AppId><![CDATA[${COMPONENT_APPID}]]></AppId><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`, query };
}

/** The push as the framework-free handlers take it. */
export function pushInput(push: { body: string; query: URLSearchParams }, method = "POST") {
  const bytes = new TextEncoder().encode(push.body);
  return { method, query: push.query, contentLength: bytes.byteLength, readBody: async () => bytes };
}

/** Fails if a platform secret (appsecret, ticket, tokens, refresh tokens) appears in `things`. */
export function expectNoPlatformSecrets(things: unknown[]): void {
  for (const thing of things) {
    const text =
      thing instanceof Error ? `${thing.message}\n${JSON.stringify(thing)}\n${String(thing.cause ?? "")}` : JSON.stringify(thing);
    expect(text).not.toContain(COMPONENT_SECRET);
    expect(text).not.toMatch(/PLATFORM_TICKET_|COMPONENT_TOKEN_|AUTHORIZER_TOKEN_|REFRESH_\d/);
  }
}
