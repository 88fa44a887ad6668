/**
 * Reading WeChat Pay's JSON at the boundary: each parser takes `unknown`, checks the fields
 * the toolkit relies on and returns a typed object keeping every other field as sent.
 * Failures throw MalformedAnswer (an internal marker the callers turn into their own error).
 */

export class MalformedAnswer extends Error {}

export type JsonObject = Record<string, unknown>;

export function asObject(value: unknown, what: string): JsonObject {
  if (!value || typeof value !== "object" || Array.isArray(value)) throw new MalformedAnswer(`${what} is not an object`);
  return value as JsonObject;
}

export function requireString(object: JsonObject, key: string, what: string): string {
  const value = object[key];
  if (typeof value !== "string" || value.length === 0) throw new MalformedAnswer(`${what}.${key} is missing`);
  return value;
}

export function optionalString(object: JsonObject, key: string, what: string): void {
  if (object[key] !== undefined && typeof object[key] !== "string") throw new MalformedAnswer(`${what}.${key} is not a string`);
}

export function requireInteger(object: JsonObject, key: string, what: string): number {
  const value = object[key];
  if (!Number.isSafeInteger(value)) throw new MalformedAnswer(`${what}.${key} is not an integer`);
  return value as number;
}

/** The nested object at `key` when present (checked), else undefined. */
export function optionalObject(object: JsonObject, key: string, what: string): JsonObject | undefined {
  return object[key] === undefined ? undefined : asObject(object[key], `${what}.${key}`);
}
