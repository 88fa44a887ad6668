/**
 * The one admin route helper: every `/api/admin/*` handler is `adminRoute(context, [body,]
 * handle)`. Around `handle` it does, in this order, what each handler used to paste:
 *
 * 1. authentication — the admin token as a Bearer header, or an admin session;
 * 2. same-origin on writes — a cookie-authenticated request other than GET must come
 *    from our own pages (CSRF; a Bearer header is no ambient credential, so scripts pass);
 * 3. the body, bounded — JSON up to `maxBytes` (16 KiB by default: 413 past it, read no
 *    further; 400 `invalid_json` when it is not JSON; `null` when empty, or 400 `invalid_json`
 *    too when the route says `required`), or multipart for uploads; no body read at all when
 *    the route declares none;
 * 4. the console's services, built only for a caller who got this far (those of the account
 *    the request names, several accounts in one deployment);
 * 5. error mapping — anything thrown becomes the contract's JSON error (api-response.ts).
 *
 * Framework-free: authentication, the origin check and the services are injected, so the
 * helper is tested without a session or a database; lib/wiring/admin-route.ts wires the real ones.
 */
import { jsonError, respond } from "./api-response";
import { readBoundedForm } from "./form-body";
import { MAX_JSON_BODY_BYTES, readJsonBody } from "./json-body";

/** How the caller proved they are the operator. */
export type AdminCredential = { via: "bearer" | "session" };

export interface AdminRouteDeps<S> {
  /** The refusal (401, 403, 429), or how the caller authenticated. */
  authenticate(request: Request): Promise<Response | AdminCredential>;
  isSameOrigin(request: Request): boolean;
  /** The services for this request (e.g. of the account it names); a Response refuses it (an unknown account). */
  services(request: Request): Promise<S | Response>;
  /** Told of what `handle` threw, before it is mapped to a response (e.g. to say which account's call met it). */
  onError?(error: unknown, services: S): void;
}

/** What a handler gets: the request, its route parameters, the parsed body and the services. */
export interface AdminCall<S, P, B> {
  request: Request;
  params: P;
  body: B;
  services: S;
}

/** JSON: at most `maxBytes` (16 KiB by default); `required`: an empty body is `invalid_json` too. */
export type JsonOption = { body: "json"; maxBytes?: number; required?: boolean };
export type BodyOption = JsonOption | { body: "multipart"; maxBytes: number };

/** A Next.js route handler: `(request, { params })`. */
export type RouteHandler<P> = (request: Request, ctx: { params: Promise<P> }) => Promise<Response>;

type Handle<S, P, B> = (call: AdminCall<S, P, B>) => Promise<Response>;

export interface AdminRoute<S> {
  <P = Record<string, never>>(context: string, handle: Handle<S, P, undefined>): RouteHandler<P>;
  <P = Record<string, never>>(context: string, body: JsonOption, handle: Handle<S, P, unknown>): RouteHandler<P>;
  <P = Record<string, never>>(context: string, body: { body: "multipart"; maxBytes: number }, handle: Handle<S, P, FormData>): RouteHandler<P>;
}


/** The body as the route declared it, or the answer that refuses it. */
async function readBody(request: Request, option: BodyOption | undefined): Promise<{ value: unknown } | Response> {
  if (!option) return { value: undefined };
  if (option.body === "multipart") {
    const read = await readBoundedForm(request, option.maxBytes);
    if (read.ok) return { value: read.form };
    if (read.status === 413) return jsonError(413, "body_too_large", { detail: `at most ${option.maxBytes} bytes` });
    return jsonError(400, "invalid_form", { message: "expected multipart/form-data" });
  }
  const maxBytes = option.maxBytes ?? MAX_JSON_BODY_BYTES;
  const read = await readJsonBody(request, maxBytes);
  if (!read.ok) return jsonError(413, "body_too_large", { detail: `at most ${maxBytes / 1024} KiB` });
  if (read.malformed || (option.required && read.value === null)) return jsonError(400, "invalid_json");
  return { value: read.value };
}

export function createAdminRoute<S>(deps: AdminRouteDeps<S>): AdminRoute<S> {
  const route = <P>(context: string, a: BodyOption | Handle<S, P, never>, b?: Handle<S, P, never>): RouteHandler<P> => {
    const [option, handle] = typeof a === "function" ? [undefined, a] : [a, b!];
    return (request, ctx) =>
      respond(context, async () => {
        const credential = await deps.authenticate(request);
        if (credential instanceof Response) return credential;
        if (credential.via === "session" && request.method !== "GET" && !deps.isSameOrigin(request)) {
          return jsonError(403, "forbidden_origin");
        }
        const body = await readBody(request, option);
        if (body instanceof Response) return body;
        const params = ((await ctx?.params) ?? {}) as P;
        const services = await deps.services(request);
        if (services instanceof Response) return services;
        try {
          return await handle({ request, params, body: body.value as never, services });
        } catch (error) {
          deps.onError?.(error, services);
          throw error;
        }
      });
  };
  return route as AdminRoute<S>;
}
