/**
 * For the publishing, mass-sending and statistics specs: the library's API
 * client pointed at the simulator (as the app would call WeChat), and the
 * job-finished pushes the simulator delivered to the app's webhook.
 */
import { callWithAccessToken, type WeChatApiCaller } from "@wxmp/wechat/api-client";
import { E2E, simulatorUrl } from "../e2e-env";
import { pollUntil } from "./sim-control";

/**
 * A caller with a stable_token (non-forced: it does not supersede the app's
 * own access_token, so the app keeps working during the spec).
 */
export function simulatorCaller(): WeChatApiCaller {
  let token: string | undefined;
  const getAccessToken = async (): Promise<string> => {
    if (token) return token;
    const res = await fetch(`${simulatorUrl}/cgi-bin/stable_token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ grant_type: "client_credential", appid: E2E.appId, secret: E2E.appSecret }),
    });
    token = ((await res.json()) as { access_token: string }).access_token;
    return token;
  };
  const deps = {
    http: { baseUrl: simulatorUrl, fetch: (input: string, init?: RequestInit) => fetch(input, init) },
    getAccessToken,
    invalidateAccessToken: async (t: string) => (token === t ? ((token = undefined), true) : false),
  };
  return { call: (req) => callWithAccessToken(deps, req) };
}

export interface JobEvent {
  event: "PUBLISHJOBFINISH" | "MASSSENDJOBFINISH";
  xml: string;
  delivered: boolean;
  statuses: (number | null)[];
  answers: (string | null)[];
  replyErrors: string[];
  userVisibleError: string | null;
}

export async function jobEvents(): Promise<JobEvent[]> {
  const res = await fetch(`${simulatorUrl}/__sim/job-events`);
  return ((await res.json()) as { events: JobEvent[] }).events;
}

/** Waits for the job-finished push whose XML contains `needle`. */
export async function waitForJobEvent(needle: string, timeoutMs = 10_000): Promise<JobEvent | undefined> {
  const events = await pollUntil(jobEvents, (list) => list.some((e) => e.xml.includes(needle)), timeoutMs, 100);
  return events.find((e) => e.xml.includes(needle));
}
