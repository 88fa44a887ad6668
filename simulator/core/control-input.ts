/** Reading the JSON bodies of the simulator's own `/__sim/*` routes, and their 4xx answers. */
import { parseJson } from "./http";
import type { JsonObject } from "./api-route";
import type { JsonResult, RouteContext } from "./router";

/** The body as JSON: `{}` when empty, undefined when malformed. */
export async function controlInput(ctx: RouteContext): Promise<unknown> {
  const text = await ctx.body();
  return text.trim() === "" ? {} : parseJson(text);
}

/** The body as a JSON object (`{}` when empty), or null for anything else. */
export async function controlObject(ctx: RouteContext): Promise<JsonObject | null> {
  const input = await controlInput(ctx);
  return input && typeof input === "object" && !Array.isArray(input) ? (input as JsonObject) : null;
}

/** A refused control request: `{error}` with a 4xx status. */
export const bad = (error: string, status = 400): JsonResult => ({ json: { error }, status });

/** A control request naming an AppID the simulator does not serve. */
export const unknownAccount = (ctx: RouteContext): JsonResult => bad(`no account ${ctx.query.get("appid") ?? ""} (see GET /__sim/accounts)`, 404);
