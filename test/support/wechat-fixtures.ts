/**
 * Shared fixtures for the credential and API-client tests: a manager (or
 * client) wired to a strict fake fetch, a memory store and a fake clock.
 */
import { expect } from "vitest";
import { createWeChatClient, type WeChatClient } from "@wxmp/wechat/client";
import { createCredentialManager, type CredentialManager, type CredentialManagerOptions } from "@wxmp/wechat/token/manager";
import { createMemoryCredentialStore, type CredentialStore } from "@wxmp/wechat/token/store";
import type { HttpOptions } from "@wxmp/wechat/http";
import { createFakeClock, type FakeClock } from "./fake-clock";
import { createFakeFetch, type FakeFetch, type FakeReply } from "./fake-fetch";

export const APP_ID = "wx0123456789abcdef";
export const APP_SECRET = "SECRET_0123456789abcdef0123456789";
export const BASE_URL = "https://api.weixin.test";

export const tokenValue = (n: number | string): string => `ACCESS_TOKEN_${n}_${"x".repeat(24)}`;
export const ticketValue = (n: number | string): string => `JSAPI_TICKET_${n}_${"y".repeat(24)}`;
export const tokenReply = (n: number | string, expiresIn = 7200): FakeReply => ({
  json: { access_token: tokenValue(n), expires_in: expiresIn },
});
export const ticketReply = (n: number | string, expiresIn = 7200): FakeReply => ({
  json: { errcode: 0, errmsg: "ok", ticket: ticketValue(n), expires_in: expiresIn },
});

export interface Harness {
  fake: FakeFetch;
  clock: FakeClock;
  store: CredentialStore;
  http: HttpOptions;
  /** A manager for another "process" sharing the fake fetch, clock and store. */
  manager(overrides?: Partial<CredentialManagerOptions>): CredentialManager;
  client(overrides?: Partial<CredentialManagerOptions>): WeChatClient;
}

/**
 * The token manager's settings for one more "process" over a fake clock: the clock's time and
 * sleep, no jitter, and a lease owner of its own (`process-1`, `process-2`, …).
 */
export function processSettings(clock: FakeClock): () => { clock: () => number; sleep: (ms: number) => Promise<void>; random: () => number; owner: string } {
  let processes = 0;
  return () => ({ clock: clock.now, sleep: clock.sleep, random: () => 0.5, owner: `process-${++processes}` });
}

export function createHarness(shared: { store?: CredentialStore; http?: Partial<HttpOptions> } = {}): Harness {
  const fake = createFakeFetch();
  const clock = createFakeClock();
  const store = shared.store ?? createMemoryCredentialStore();
  const http: HttpOptions = { baseUrl: BASE_URL, fetch: fake.fetch, clock: clock.now, sleep: clock.sleep, ...shared.http };
  const nextProcess = processSettings(clock);
  const options = (overrides: Partial<CredentialManagerOptions>): CredentialManagerOptions => ({ appId: APP_ID, appSecret: APP_SECRET, store, http, ...nextProcess(), ...overrides });
  return {
    fake,
    clock,
    store,
    http,
    manager: (overrides = {}) => createCredentialManager(options(overrides)),
    client: (overrides = {}) => createWeChatClient(options(overrides)),
  };
}

/** A promise to open by hand, to hold a fake reply until the test says so. */
export function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { wait, open };
}

/** Lets pending promise chains and immediate callbacks run. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((r) => setImmediate(r));
}

export async function rejectionOf(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a rejection");
}

/** Fails if any secret (app secret, token or ticket values seen in the run) appears in `things`. */
export function expectNoSecrets(things: unknown[], values: string[] = []): void {
  const needles = [APP_SECRET, ...values];
  for (const thing of things) {
    const text =
      thing instanceof Error
        ? `${thing.message}\n${JSON.stringify(thing)}\n${String(thing.cause ?? "")}`
        : JSON.stringify(thing);
    for (const needle of needles) expect(text).not.toContain(needle);
    expect(text).not.toMatch(/ACCESS_TOKEN_|JSAPI_TICKET_/);
  }
}
