/** Admin API calls with any method and body (JSON or multipart), bearer-authenticated. */
import { appUrl, E2E, simulatorUrl } from "../e2e-env";
import type { PushResult } from "../../simulator/push/pusher-types";

export interface AdminAnswer {
  status: number;
  json: Record<string, unknown>;
  text: string;
}

export async function admin(method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE", path: string, body?: unknown): Promise<AdminAnswer> {
  const headers: Record<string, string> = { authorization: `Bearer ${E2E.adminToken}` };
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers["content-type"] = "application/json";
    payload = JSON.stringify(body);
  }
  const res = await fetch(`${appUrl()}${path}`, { method, headers, body: payload });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON: callers assert on status/text
  }
  return { status: res.status, json, text };
}

/** A simulator control call that answers with a push result (menu tap, QR scan). */
export async function simPush(path: string, body: unknown): Promise<PushResult> {
  const res = await fetch(`${simulatorUrl}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`simulator ${path} → ${res.status}: ${(await res.text()).slice(0, 200)}`);
  return (await res.json()) as PushResult;
}
