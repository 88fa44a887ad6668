/**
 * One HTTP exchange with WeChat Pay, bounded by a time budget even when the fetch ignores
 * its AbortSignal, returning the raw body bytes (answers are verified on the bytes as
 * received). Signing, verification and retries are http.ts's job.
 */
import { WeChatPayHttpError } from "./errors";
import type { FetchLike } from "./types";

/** Internal marker: the attempt exceeded its time budget. */
export class AttemptTimeout extends Error {}

export interface RawAnswer {
  status: number;
  headers: Headers;
  body: Buffer;
}

export async function attempt(fetchImpl: FetchLike, url: string, init: RequestInit, budget: number, endpoint: string): Promise<RawAnswer> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new AttemptTimeout());
    }, budget);
  });
  const exchange = (async (): Promise<RawAnswer> => {
    const res = await fetchImpl(url, { ...init, signal: controller.signal });
    return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
  })();
  // The losing side of the race must not surface as an unhandled rejection.
  exchange.catch(() => undefined);
  try {
    return await Promise.race([exchange, expired]);
  } catch (error) {
    if (controller.signal.aborted) throw new AttemptTimeout();
    // A network failure: keep only its name and message (an undici error may quote the URL).
    const message = error instanceof Error ? `${error.name}: ${error.message}` : "network error";
    throw new WeChatPayHttpError(0, endpoint, { cause: new Error(message.replace(/\?[^\s'"]*/g, "?…")) });
  } finally {
    clearTimeout(timer);
  }
}
