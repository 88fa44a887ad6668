/**
 * What every API call needs: the merchant, the HTTP options, the answer verifier and the
 * account's defaults. One call = one small function over `callApi` (transactions.ts, refunds.ts).
 */
import { WeChatPayHttpError } from "./errors";
import { requestWeChatPay, type AnswerVerifier, type HttpOptions, type Merchant, type PayRequest } from "./http";
import { MalformedAnswer } from "./json-read";

export interface PayApiContext {
  http: HttpOptions;
  merchant: Merchant;
  verify: AnswerVerifier;
  /** The Official Account's appid (公众号 AppID) bound to the merchant. */
  appid: string;
  /** Default notify_url for orders (the app's `/api/pay/notify`). */
  notifyUrl?: string;
  /** Accept an http notify_url: a local simulator only, never production. */
  allowHttpNotifyUrl?: boolean;
}

/** One verified call; `parse` turns the answer's JSON into its type (a malformed answer is an HTTP error). */
export async function callApi<T>(ctx: PayApiContext, req: PayRequest, parse: (data: unknown) => T): Promise<T> {
  const answer = await requestWeChatPay(ctx.http, ctx.merchant, ctx.verify, req);
  try {
    return parse(answer.data);
  } catch (error) {
    if (error instanceof MalformedAnswer) throw new WeChatPayHttpError(answer.status, req.path, { cause: error });
    throw error;
  }
}

/** A path segment as sent (and signed): `|` becomes %7C; the checked alphabets need nothing else. */
export const segment = (value: string): string => encodeURIComponent(value);
