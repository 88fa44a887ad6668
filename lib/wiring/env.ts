import "server-only";
import { parseEnv, type Env } from "../config/env-schema";

export type { Env } from "../config/env-schema";

let cached: Env | undefined;

/**
 * The validated configuration, read once per process. Throws `EnvError` with a one-line
 * message naming the variable when something is missing or malformed.
 */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
