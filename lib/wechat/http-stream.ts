/**
 * The raw variant of requestWeChat for endpoints that answer with a file
 * (media/get, material/get_material): the body is handed over unread so a
 * large file is streamed, never buffered; a JSON answer is parsed and an
 * errcode thrown as WeChatApiError exactly as requestWeChat does.
 *
 * The timeout covers the wait for the response headers only; once the file
 * starts arriving, the caller owns the stream. No automatic retries: a file
 * request is cheap to repeat by the caller, and a half-read stream cannot be.
 *
 * @see https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Get_temporary_materials.html
 */
import { WeChatApiError, WeChatHttpError, WeChatTimeoutError } from "./errors";
import { buildUrl, collectSecrets, DEFAULT_TIMEOUT_MS, redact, sanitizeCause, type ApiRequest, type HttpOptions } from "./http";
import { silentLogger } from "./types";

export type StreamResult =
  /** A file: read `response.body` (a ReadableStream) and the headers. */
  | { kind: "stream"; response: Response }
  /** A JSON answer without errcode (e.g. a video's `video_url`, a news material). */
  | { kind: "json"; json: unknown };

/** WeChat sends its JSON errors as application/json or text/plain. */
const JSON_LIKE = /json|^text\/plain/i;

export async function requestWeChatStream(http: HttpOptions, req: ApiRequest): Promise<StreamResult> {
  const fetchImpl = http.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const logger = http.logger ?? silentLogger;
  const timeoutMs = http.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const method = req.form ? "POST" : (req.method ?? "GET");
  const endpoint = req.path;
  const secrets = collectSecrets(req);
  const init: RequestInit = { method };
  if (req.form) init.body = req.form;
  else if (method === "POST") {
    init.headers = { "Content-Type": "application/json; charset=utf-8" };
    init.body = JSON.stringify(req.body ?? {});
  }

  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  let res: Response;
  try {
    res = await fetchImpl(buildUrl(http.baseUrl, req.path, req.query), { ...init, signal: controller.signal });
  } catch (error) {
    if (timedOut) throw new WeChatTimeoutError(timeoutMs, endpoint);
    throw new WeChatHttpError(0, endpoint, { cause: sanitizeCause(error, secrets) });
  } finally {
    clearTimeout(timer);
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new WeChatHttpError(res.status, endpoint);
  }
  const contentType = res.headers.get("content-type") ?? "";
  if (!JSON_LIKE.test(contentType)) return { kind: "stream", response: res };

  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new WeChatHttpError(res.status, endpoint, { cause });
  }
  const errcode = json && typeof json === "object" && "errcode" in json ? Number((json as { errcode: unknown }).errcode) : 0;
  if (!errcode) return { kind: "json", json };
  const rawMsg = (json as { errmsg?: unknown }).errmsg;
  const errmsg = redact(typeof rawMsg === "string" ? rawMsg : "", secrets);
  logger.warn("wechat api error", { endpoint, errcode, errmsg });
  throw new WeChatApiError(errcode, errmsg, endpoint);
}
