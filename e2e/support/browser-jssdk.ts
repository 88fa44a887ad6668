/**
 * Checking a page's `wx.config` independently of the app and of the simulator's bridge:
 * the signature is recomputed here (with the test side's one signing helper) from the jsapi_ticket the app holds (read from the
 * e2e database, test-only), and cross-checked with the simulator's `POST /__sim/jsapi/verify`.
 * The ticket never leaves this module: callers only get a yes/no.
 */
import Database from "better-sqlite3";
import pg from "pg";
import type { APIRequestContext, Page } from "@playwright/test";
import { resolveDatabaseUrl } from "../../lib/db/url";
import { signJsapiExactly } from "../../simulator/protocol/crypto";
import { e2eDatabaseUrl, E2E, simulatorUrl } from "../e2e-env";

/** Every credential value the app has cached for the account (the jsapi_ticket is one of them). */
async function storedCredentialValues(): Promise<string[]> {
  const target = resolveDatabaseUrl(e2eDatabaseUrl());
  const sql = `SELECT "value" FROM "Credential" WHERE "appId" = $1 AND "value" IS NOT NULL AND "kind" LIKE '%ticket%'`;
  if (target.provider === "sqlite") {
    const db = new Database(target.file, { readonly: true, fileMustExist: true });
    try {
      const rows = db.prepare(sql.replace("$1", "?")).all(E2E.appId) as Array<{ value: string }>;
      return rows.map((r) => r.value);
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  try {
    return (await client.query<{ value: string }>(sql, [E2E.appId])).rows.map((r) => r.value);
  } finally {
    await client.end();
  }
}

export interface SignedConfig {
  timestamp: string;
  nonceStr: string;
  signature: string;
  url: string;
}

/** True when sha1 over one of the app's cached tickets and `url` gives `signature`. */
export async function signatureMatchesAppTicket(config: SignedConfig): Promise<boolean> {
  const tickets = await storedCredentialValues();
  if (tickets.length === 0) throw new Error("the app has no cached jsapi_ticket in the e2e database");
  // Over the URL exactly as given: a caller adding a #fragment shows the app signed without it.
  return tickets.some((ticket) => signJsapiExactly({ ticket, ...config }) === config.signature);
}

/** The simulator's opinion (it recomputes against every valid ticket it issued). */
export async function simulatorVerifies(request: APIRequestContext, config: SignedConfig & { appId?: string }): Promise<{ ok: boolean; err_msg: string }> {
  const res = await request.post(`${simulatorUrl}/__sim/jsapi/verify`, {
    data: {
      appId: config.appId ?? E2E.appId,
      verifyTimestamp: config.timestamp,
      verifyNonceStr: config.nonceStr,
      verifySignature: config.signature,
      url: config.url,
    },
  });
  if (!res.ok()) throw new Error(`/__sim/jsapi/verify answered ${res.status()}`);
  return (await res.json()) as { ok: boolean; err_msg: string };
}

/** What the page got from `GET /api/jssdk/config`, per request. */
export interface ConfigExchange {
  /** The `url` query parameter the page asked to have signed. */
  signedUrl: string;
  status: number;
  body: Record<string, unknown> | null;
}

/** Records every `/api/jssdk/config` answer the page receives. */
export function captureConfigExchanges(page: Page): ConfigExchange[] {
  const exchanges: ConfigExchange[] = [];
  page.on("response", (response) => {
    const url = new URL(response.url());
    if (url.pathname !== "/api/jssdk/config") return;
    const exchange: ConfigExchange = { signedUrl: url.searchParams.get("url") ?? "", status: response.status(), body: null };
    exchanges.push(exchange);
    response.json().then(
      (body: unknown) => {
        exchange.body = body as Record<string, unknown>;
      },
      () => {},
    );
  });
  return exchanges;
}

/**
 * Precondition for JS-SDK pages: the ticket the app signs with is one the simulator issued.
 * An earlier spec may have reset the simulator (it then forgets every ticket, which real
 * WeChat never does before expiry); a forced refresh through the admin API repairs that.
 */
export async function ensureAppTicketKnownToSimulator(request: APIRequestContext, appOrigin: string): Promise<void> {
  const check = async (): Promise<boolean> => {
    const url = `${appOrigin}/jssdk`;
    const res = await request.get(`${appOrigin}/api/jssdk/config?url=${encodeURIComponent(url)}`);
    if (!res.ok()) return false;
    const body = (await res.json()) as { timestamp: number; nonceStr: string; signature: string };
    return (await simulatorVerifies(request, { timestamp: String(body.timestamp), nonceStr: body.nonceStr, signature: body.signature, url })).ok;
  };
  if (await check()) return;
  const refresh = await request.post(`${appOrigin}/api/admin/tokens/refresh`, { headers: { authorization: `Bearer ${E2E.adminToken}` } });
  if (!refresh.ok()) throw new Error(`POST /api/admin/tokens/refresh answered ${refresh.status()}`);
  if (!(await check())) throw new Error("the app still signs with a ticket the simulator does not know");
}
