/**
 * The CLI's WeChat Pay merchant from `SIM_PAY_*` variables (off unless SIM_PAY_MCHID is set):
 * WeChat Pay's side of the merchant — its public key and serial, the APIv3 key, the signing mode
 * and WeChat Pay's own keys (made at start when not given). Never the merchant's private key.
 */
import type { PayMerchantOptions, PaySigningMode } from "../../core/options";

const MODES: readonly PaySigningMode[] = ["public-key", "certificate", "both"];

function number(env: Readonly<Record<string, string | undefined>>, name: string, min: number, max: number): number | undefined | string {
  const raw = env[name];
  if (raw === undefined || raw === "") return undefined;
  const value = Number(raw);
  return Number.isFinite(value) && value >= min && value <= max ? value : `${name} must be a number ${min}..${max}`;
}

/** The merchant the variables describe; undefined when SIM_PAY_MCHID is unset; a message naming the variable when one is wrong. */
export function payOptionsFromEnv(env: Readonly<Record<string, string | undefined>>): PayMerchantOptions | undefined | string {
  const mchid = env.SIM_PAY_MCHID;
  if (!mchid) return undefined;
  for (const name of ["SIM_PAY_MERCHANT_SERIAL", "SIM_PAY_MERCHANT_PUBLIC_KEY", "SIM_PAY_APIV3_KEY"] as const) {
    if (!env[name]) return `${name} is required with SIM_PAY_MCHID (WeChat Pay knows the merchant's certificate and APIv3 key)`;
  }
  const mode = env.SIM_PAY_MODE || "public-key";
  if (!(MODES as readonly string[]).includes(mode)) return `SIM_PAY_MODE must be one of ${MODES.join(", ")}`;
  const timeScale = number(env, "SIM_PAY_TIME_SCALE", 0, 1000);
  const refundDelayMs = number(env, "SIM_PAY_REFUND_DELAY_MS", 0, 86_400_000);
  const signtestEvery = number(env, "SIM_PAY_SIGNTEST_EVERY", 0, 1_000_000);
  for (const value of [timeScale, refundDelayMs, signtestEvery]) if (typeof value === "string") return value;
  const optional = (name: string): string | undefined => env[name] || undefined;
  const options: PayMerchantOptions = {
    mchid,
    merchantSerial: env.SIM_PAY_MERCHANT_SERIAL as string,
    merchantPublicKey: env.SIM_PAY_MERCHANT_PUBLIC_KEY as string,
    apiV3Key: env.SIM_PAY_APIV3_KEY as string,
    mode: mode as PaySigningMode,
    allowHttpNotifyUrl: env.SIM_PAY_ALLOW_HTTP_NOTIFY === "1",
  };
  const extras: Partial<PayMerchantOptions> = {
    appId: optional("SIM_PAY_APPID"),
    merchantName: optional("SIM_PAY_MERCHANT_NAME"),
    publicKeyId: optional("SIM_PAY_PUBLIC_KEY_ID"),
    publicKeyPrivateKey: optional("SIM_PAY_PUBLIC_KEY_PRIVATE_KEY"),
    certificatePrivateKey: optional("SIM_PAY_CERTIFICATE_PRIVATE_KEY"),
    timeScale: timeScale as number | undefined,
    refundDelayMs: refundDelayMs as number | undefined,
    signtestEvery: signtestEvery as number | undefined,
  };
  const appIds = (env.SIM_PAY_APPIDS ?? "").split(",").map((id) => id.trim()).filter((id) => id !== "");
  if (appIds.length > 0) extras.appIds = appIds;
  for (const [key, value] of Object.entries(extras)) if (value !== undefined) (options as unknown as Record<string, unknown>)[key] = value;
  return options;
}
