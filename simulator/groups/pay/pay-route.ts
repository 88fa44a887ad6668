/**
 * The one way a WeChat Pay API route is written (the pay group's counterpart of core/api-route.ts):
 * the merchant's signature checked first (merchant-auth.ts), the JSON body read (PARAM_ERROR when
 * malformed), then the handler; its answer — or an injected fault's WeChat Pay error — is signed
 * with the key the merchant's mode picks, and a `badSignature` fault breaks that signature.
 */
import { randomBytes } from "node:crypto";
import { parseJson } from "../../core/http";
import type { JsonResult, Route, RouteContext } from "../../core/router";
import type { Merchant } from "./merchant";
import { authenticate } from "./merchant-auth";
import { payError, type PayError } from "./pay-errors";
import { payState, type PayState } from "./pay-state";
import { signedHeaders, wrongSignature } from "./signed-headers";

export interface PayContext extends RouteContext {
  pay: PayState;
  /** The merchant whose signature the request carries. */
  merchant: Merchant;
}

/** A success (`204` has no body) or WeChat Pay's error. */
export type PayAnswer = { status: number; body?: unknown } | PayError;

export type JsonObject = Record<string, unknown>;
type Handler<A extends unknown[]> = (ctx: PayContext, ...args: A) => PayAnswer | Promise<PayAnswer>;

export const answer = (body: unknown, status = 200): PayAnswer => ({ status, body });
export const noContent = (): PayAnswer => ({ status: 204 });

/** Signs and sends: unsigned only when no merchant is known (MCH_NOT_EXISTS, a malformed Authorization). */
function respond(ctx: RouteContext, merchant: Merchant | undefined, result: PayAnswer): JsonResult {
  const text = result.status === 204 || result.body === undefined ? "" : JSON.stringify(result.body);
  const headers: Record<string, string> = { "Request-ID": randomBytes(16).toString("hex").toUpperCase() };
  if (merchant) {
    const requestSerial = ctx.req.headers["wechatpay-serial"];
    const signer = merchant.answerSigner(typeof requestSerial === "string" ? requestSerial : undefined);
    const broken = ctx.fault?.badSignature ? { signature: wrongSignature(signer, text) } : {};
    Object.assign(headers, signedHeaders(signer, text, ctx.state.now(), broken));
  }
  // dispatch sends JSON.stringify(json): the same text as signed here.
  return { json: result.body ?? null, status: result.status, headers };
}

/** The body as a JSON object, or null (empty, malformed, or not an object). */
function readObject(text: string): JsonObject | null {
  const value = text.trim() === "" ? undefined : parseJson(text);
  return value && typeof value === "object" && !Array.isArray(value) ? (value as JsonObject) : null;
}

function route(method: "GET" | "POST", path: string, endpoint: string, run: (ctx: PayContext, text: string) => PayAnswer | Promise<PayAnswer>): Route {
  return {
    method,
    path,
    endpoint,
    handler: async (ctx) => {
      const text = await ctx.body();
      const pay = ctx.state.shared(payState);
      const auth = authenticate(pay, { method, target: ctx.req.url ?? ctx.url.pathname, authorization: ctx.req.headers.authorization, body: text });
      if ("error" in auth) return respond(ctx, auth.merchant, auth.error);
      if (ctx.fault?.code) return respond(ctx, auth.merchant, payError(ctx.fault.code, ctx.fault.errmsg));
      return respond(ctx, auth.merchant, await run({ ...ctx, pay, merchant: auth.merchant }, text));
    },
  };
}

/** The routes of WeChat Pay's APIs: each with its endpoint name as WeChat Pay's docs write the path. */
export const payRoute = {
  get: (path: string, endpoint: string, handler: Handler<[]>): Route => route("GET", path, endpoint, (ctx) => handler(ctx)),
  /** A POST with a JSON object body. */
  post: (path: string, endpoint: string, handler: Handler<[JsonObject]>): Route =>
    route("POST", path, endpoint, (ctx, text) => {
      const body = readObject(text);
      return body ? handler(ctx, body) : payError("PARAM_ERROR", "请求体不是合法的 JSON 对象");
    }),
};
