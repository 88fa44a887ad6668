/**
 * One HTTP exchange with WeChat, bounded by a time budget even when the fetch ignores its
 * AbortSignal. Retries and the errcode convention are requestWeChat's job (http.ts).
 */
import { WeChatHttpError } from "./errors";
import type { FetchLike } from "./types";

/** Internal marker: the attempt exceeded its time budget. */
export class AttemptTimeout extends Error {}

/** One HTTP exchange, bounded by `budget` even when the fetch ignores its AbortSignal. */
export async function attempt(
  fetchImpl: FetchLike,
  url: string,
  init: RequestInit,
  budget: number,
  endpoint: string,
): Promise<unknown> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new AttemptTimeout());
    }, budget);
  });
  const exchange = (async (): Promise<unknown> => {
    const res = await fetchImpl(url, { ...init, signal: controller.signal });
    const text = await res.text();
    if (!res.ok) throw new WeChatHttpError(res.status, endpoint);
    try {
      return JSON.parse(text) as unknown;
    } catch (cause) {
      throw new WeChatHttpError(res.status, endpoint, { cause });
    }
  })();
  // The losing side of the race must not surface as an unhandled rejection.
  exchange.catch(() => undefined);
  try {
    return await Promise.race([exchange, expired]);
  } catch (error) {
    if (controller.signal.aborted) throw new AttemptTimeout();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
