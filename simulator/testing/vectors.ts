/**
 * The published vectors (test/vectors/wechat-test-vectors.json, each with its source), for the
 * checks of the test side's crypto: the simulator's tests and the benchmarks' start-up check.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

type Vector = Record<string, string>;

export interface Vectors {
  jssdk: Vector[];
  server_signature: Vector[];
  encrypted: Vector[];
}

const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../test/vectors/wechat-test-vectors.json");

export function loadVectors(): Vectors {
  return JSON.parse(fs.readFileSync(file, "utf8")) as Vectors;
}

/** The vector with this id (throws when the file lacks it). */
export function vector(list: Vector[], id: string): Vector {
  const found = list.find((v) => v.id === id);
  if (!found) throw new Error(`vector ${id} missing`);
  return found;
}
