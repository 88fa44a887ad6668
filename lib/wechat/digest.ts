import * as crypto from "node:crypto";

/**
 * Hex digest of a short input. Node's one-shot `crypto.hash` (20.12+) skips the Hash object
 * that `createHash` builds; every push hashes three times (its signature, and in plaintext mode
 * its query and body for the body binding), so the webhook uses this. Older runtimes fall back.
 */
export function hexDigest(algorithm: "sha1" | "sha256", data: string | Uint8Array): string {
  // Declared by @types/node, absent before Node 20.12 (package.json allows 20.9).
  if (typeof crypto.hash === "function") return crypto.hash(algorithm, data, "hex");
  return crypto.createHash(algorithm).update(data).digest("hex");
}
