/**
 * The CLI's third-party platform from `SIM_COMPONENT_*` variables (off unless SIM_COMPONENT_APPID
 * is set): what the platform registered on the open platform — its AppID and secret, Token,
 * EncodingAESKey, 授权事件接收URL and 消息与事件接收URL — and how fast tickets come.
 */
import type { ComponentOptions } from "../../core/options";
import { normalizeComponent } from "./config";

/** The platform the variables describe; undefined when SIM_COMPONENT_APPID is unset; a message naming the variable when one is wrong. */
export function componentOptionsFromEnv(env: Readonly<Record<string, string | undefined>>): ComponentOptions | undefined | string {
  const componentAppId = env.SIM_COMPONENT_APPID;
  if (!componentAppId) return undefined;
  for (const name of ["SIM_COMPONENT_SECRET", "SIM_COMPONENT_TOKEN", "SIM_COMPONENT_AES_KEY"] as const) {
    if (!env[name]) return `${name} is required with SIM_COMPONENT_APPID`;
  }
  const scale = env.SIM_COMPONENT_TIME_SCALE ? Number(env.SIM_COMPONENT_TIME_SCALE) : undefined;
  if (scale !== undefined && !(scale > 0 && scale <= 1000)) return "SIM_COMPONENT_TIME_SCALE must be a number > 0 (0.001: a ticket every 0.6 s)";
  const options: ComponentOptions = {
    componentAppId,
    componentAppSecret: env.SIM_COMPONENT_SECRET as string,
    token: env.SIM_COMPONENT_TOKEN as string,
    encodingAESKey: env.SIM_COMPONENT_AES_KEY as string,
    eventUrl: env.SIM_COMPONENT_EVENT_URL || undefined,
    messageUrl: env.SIM_COMPONENT_MESSAGE_URL || undefined,
    name: env.SIM_COMPONENT_NAME || undefined,
    timeScale: scale,
  };
  const checked = normalizeComponent(options);
  return typeof checked === "string" ? `SIM_COMPONENT_*: ${checked}` : options;
}
