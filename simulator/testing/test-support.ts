/** Shared helpers for the simulator's own Vitest files (not a test file itself). */
import { afterAll, beforeAll, beforeEach } from "vitest";
import { startSimulator, type RunningSimulator, type SimulatorOptions } from "../server";
import { startTestWebhook, type TestWebhook } from "./test-webhook";

export const APP_ID = "wx0123456789abcdef";
export const APP_SECRET = "test-app-secret-0123456789abcdef";
export const TOKEN = "sim-token";
export const AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

/** A clock tests move by hand. */
export function manualClock(start = Date.UTC(2025, 5, 1, 4, 0, 0)): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

export function startTestSimulator(extra: Partial<SimulatorOptions> = {}): Promise<RunningSimulator> {
  return startSimulator({ appId: APP_ID, appSecret: APP_SECRET, token: TOKEN, encodingAESKey: AES_KEY, port: 0, ...extra });
}

export async function getJson(url: string, init?: RequestInit): Promise<Record<string, unknown>> {
  const res = await fetch(url, init);
  return (await res.json()) as Record<string, unknown>;
}

export function postJson(url: string, body: unknown): Promise<Record<string, unknown>> {
  return getJson(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
}

/** Fetches a fresh classic access_token from the simulator. */
export async function fetchAccessToken(sim: RunningSimulator): Promise<string> {
  const body = await getJson(`${sim.url}/cgi-bin/token?grant_type=client_credential&appid=${APP_ID}&secret=${APP_SECRET}`);
  return body.access_token as string;
}

/** A test file's simulator, its webhook stand-in (when asked for) and a fresh access_token. */
export interface SimulatorFixture {
  readonly sim: RunningSimulator;
  readonly hook: TestWebhook;
  /** Tests may replace it (e.g. after expiring tokens). */
  token: string;
}

export interface FixtureOptions extends Partial<SimulatorOptions> {
  /** Start a webhook stand-in and push to it. */
  webhook?: boolean;
  /** Runs before each reset (e.g. waiting for jobs still pushing from the previous test). */
  beforeReset?: (sim: RunningSimulator) => Promise<unknown>;
}

/**
 * One simulator for the test file: started before all tests, closed after; before each test,
 * `beforeReset`, then a reset (the webhook stand-in's log and reply too) and a fresh access_token.
 */
export function sharedSimulator(options: FixtureOptions = {}): SimulatorFixture {
  const { webhook, beforeReset, ...extra } = options;
  const fixture = {} as { sim: RunningSimulator; hook: TestWebhook; token: string };
  beforeAll(async () => {
    if (webhook) fixture.hook = await startTestWebhook();
    fixture.sim = await startTestSimulator({ ...(webhook ? { webhookUrl: fixture.hook.url } : {}), ...extra });
  });
  afterAll(async () => {
    await fixture.sim.close();
    await fixture.hook?.close();
  });
  beforeEach(async () => {
    await beforeReset?.(fixture.sim);
    fixture.sim.state.reset();
    if (fixture.hook) Object.assign(fixture.hook, { received: 0, bodies: [], urls: [], reply: "success" });
    fixture.token = await fetchAccessToken(fixture.sim);
  });
  return fixture;
}
