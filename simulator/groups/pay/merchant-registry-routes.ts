/**
 * More merchants at run time (`POST /__sim/pay/merchants`): WeChat Pay learns a merchant as the
 * merchant platform would register it — its mchid, the public half of its API key and that
 * key's serial, its APIv3 key, the AppIDs bound to it (关联AppID) and how WeChat Pay signs for it
 * (its own public key id and key pair, its own platform certificate; made here when not given).
 * From then on its requests are checked with its key, its answers and notifications signed with
 * its keys and sealed with its APIv3 key, and the pay sheet checks paySign with its key. A reset
 * keeps it (the app has been given its keys); registering the same mchid again replaces it.
 */
import { bad, controlObject } from "../../core/control-input";
import type { PayMerchantOptions, PaySigningMode } from "../../core/options";
import type { JsonResult, Route, RouteContext } from "../../core/router";
import { Merchant } from "./merchant";
import { resolveMerchantKeys } from "./merchant-keys";
import { payState } from "./pay-state";

const MODES: readonly string[] = ["public-key", "certificate", "both"];
const optionalText = (value: unknown): string | undefined => (typeof value === "string" && value.trim() !== "" ? value : undefined);

/** The body as merchant options, or what is wrong with it. */
function readOptions(body: Record<string, unknown>): PayMerchantOptions | string {
  const { mchid, merchantSerial, merchantPublicKey, apiV3Key, appIds, mode } = body;
  if (typeof mchid !== "string" || typeof merchantSerial !== "string" || typeof merchantPublicKey !== "string" || typeof apiV3Key !== "string") {
    return "mchid, merchantSerial, merchantPublicKey and apiV3Key are required strings";
  }
  if (!Array.isArray(appIds) || appIds.length === 0 || !appIds.every((a) => typeof a === "string" && /^wx[0-9a-zA-Z]{14,16}$/.test(a))) return "appIds must list the AppIDs bound to the merchant";
  if (mode !== undefined && (typeof mode !== "string" || !MODES.includes(mode))) return `mode must be one of ${MODES.join(", ")}`;
  return {
    mchid,
    merchantSerial,
    merchantPublicKey,
    apiV3Key,
    appId: appIds[0] as string,
    appIds: appIds as string[],
    mode: mode as PaySigningMode | undefined,
    merchantName: optionalText(body.merchantName),
    publicKeyId: optionalText(body.publicKeyId),
    publicKeyPrivateKey: optionalText(body.publicKeyPrivateKey),
    certificatePrivateKey: optionalText(body.certificatePrivateKey),
    allowHttpNotifyUrl: body.allowHttpNotifyUrl === true,
    timeScale: typeof body.timeScale === "number" ? body.timeScale : undefined,
    refundDelayMs: typeof body.refundDelayMs === "number" ? body.refundDelayMs : undefined,
    signtestEvery: typeof body.signtestEvery === "number" ? body.signtestEvery : undefined,
  };
}

async function register(ctx: RouteContext): Promise<JsonResult> {
  const body = await controlObject(ctx);
  if (!body) return bad("body must be a JSON object");
  const options = readOptions(body);
  if (typeof options === "string") return bad(options);
  const pay = ctx.state.shared(payState);
  let merchant: Merchant;
  try {
    merchant = new Merchant(options, resolveMerchantKeys(options, pay.now()), ctx.state.primary.appId);
  } catch (error) {
    return bad(`merchant ${options.mchid}: ${(error as Error).message}`);
  }
  const replaced = pay.merchants.has(options.mchid);
  pay.merchants.set(options.mchid, merchant);
  ctx.state.note(`pay: merchant ${options.mchid} ${replaced ? "replaced" : "registered"}, bound to ${merchant.appIds.join(", ")}`);
  return { status: replaced ? 200 : 201, json: { ok: true, merchant: merchant.view() } };
}

export const merchantRegistryRoutes: Route[] = [
  { method: "POST", path: "/__sim/pay/merchants", handler: register },
  {
    method: "GET",
    path: "/__sim/pay/merchants",
    handler: (ctx) => ({ json: { merchants: [...ctx.state.shared(payState).merchants.values()].map((m) => ({ mchid: m.mchid, appIds: m.appIds, merchantName: m.settings.merchantName })) } }),
  },
];
