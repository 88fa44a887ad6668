/** Validates `POST /__sim/config` bodies against SimConfig. */
import type { SimConfig, SimulatorState } from "./state";

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === "string" && v.trim() !== "");
}

/** Applies a partial config; returns an error message (and changes nothing) when any field is invalid. */
export function applyConfig(state: SimulatorState, input: unknown): string | null {
  if (!input || typeof input !== "object" || Array.isArray(input)) return "body must be a JSON object";
  const patch: Partial<SimConfig> = {};
  for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
    switch (key) {
      case "pageSize":
        if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 10_000) return "pageSize must be 1..10000";
        patch.pageSize = value;
        break;
      case "tokenDailyQuota":
        if (typeof value !== "number" || !Number.isInteger(value) || value < 0) return "tokenDailyQuota must be a non-negative integer";
        patch.tokenDailyQuota = value;
        break;
      case "enforce48hWindow":
      case "autoConsent":
      case "requireWeChatUserAgent":
        if (typeof value !== "boolean") return `${key} must be a boolean`;
        patch[key] = value;
        break;
      case "oauthDomains":
      case "jsapiDomains":
      case "ipWhitelist":
        if (!isStringList(value)) return `${key} must be an array of non-empty strings`;
        patch[key] = value.map((v) => v.trim());
        break;
      case "oauthUser":
        if (typeof value !== "string" || !state.primary.users.get(value)) return "oauthUser must be a known openid (see GET /__sim/users)";
        patch.oauthUser = value;
        break;
      case "webhookUrl":
        try {
          const url = new URL(String(value));
          if (url.protocol !== "http:" && url.protocol !== "https:") return "webhookUrl must be http(s)";
        } catch {
          return "webhookUrl must be an absolute URL";
        }
        patch.webhookUrl = String(value);
        break;
      default:
        return `unknown config key ${key}`;
    }
  }
  Object.assign(state.config, patch);
  return null;
}
