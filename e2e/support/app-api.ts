/**
 * Calls to the app's own JSON API as an operator's script would make them
 * (`Authorization: Bearer <ADMIN_TOKEN>`), and checks every error body must pass.
 */
import { expect } from "@playwright/test";
import { appUrl, E2E } from "../e2e-env";

export interface JsonAnswer<T = Record<string, unknown>> {
  status: number;
  json: T;
  text: string;
  ms: number;
}

/** A request to one of the two app processes; `auth` defaults to the admin bearer token. */
export async function appCall<T = Record<string, unknown>>(
  path: string,
  o: { port?: number; method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE"; body?: unknown; auth?: string | null; headers?: Record<string, string> } = {},
): Promise<JsonAnswer<T>> {
  const headers: Record<string, string> = { ...o.headers };
  const auth = o.auth === undefined ? `Bearer ${E2E.adminToken}` : o.auth;
  if (auth !== null) headers.authorization = auth;
  if (o.body !== undefined) headers["content-type"] = "application/json";
  const started = performance.now();
  const res = await fetch(`${appUrl(o.port)}${path}`, {
    method: o.method ?? "GET",
    headers,
    body: o.body === undefined ? undefined : JSON.stringify(o.body),
    redirect: "manual",
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: callers assert on status/text
  }
  return { status: res.status, json: json as T, text, ms: Math.round(performance.now() - started) };
}

/** Every configured secret: none may ever appear in a response. */
export const SECRETS: readonly string[] = [E2E.appSecret, E2E.adminToken, E2E.cronSecret, E2E.sessionPassword, E2E.encodingAESKey];

/** An error answer is short, has no stack trace and carries no secret. */
export function expectCleanError(body: string): void {
  expect(body.length, `error body too long: ${body.slice(0, 120)}`).toBeLessThan(300);
  expect(body).not.toMatch(/^\s*at\s+\S+/m);
  expect(body).not.toMatch(/\(\/?[\w./-]+\.(?:js|ts|mjs):\d+:\d+\)/);
  expect(body).not.toContain("Error:");
  for (const secret of SECRETS) expect(body).not.toContain(secret);
}

/** Walks a JSON value: every [key, value] pair of every object, every string. */
export function walkJson(value: unknown, visit: (key: string | null, value: unknown) => void, key: string | null = null): void {
  visit(key, value);
  if (Array.isArray(value)) value.forEach((item) => walkJson(item, visit, null));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) walkJson(v, visit, k);
}
