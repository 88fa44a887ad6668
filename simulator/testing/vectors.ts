/**
 * The published vectors (test/vectors/wechat-test-vectors.json and, for WeChat Pay,
 * test/vectors/wechatpay-test-vectors.json, each with its source), for the checks of the test
 * side's crypto: the simulator's tests and the benchmarks' start-up check.
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

/** The published WeChat Pay APIv3 vectors (test/vectors/wechatpay-test-vectors.json), as the file has them. */
export interface PayVectors {
  keys: Record<string, { private_key_pem: string; certificate_pem?: string; public_key_pem?: string; serial_no?: string; certificate_serial_no?: string }>;
  request_signing_string: Vector[];
  pay_sign_string: Vector[];
  rsa_signatures: Vector[];
  aead: Vector[];
  certificate_list: Vector[];
  notification_signatures: Array<{ id: string; key: string; headers: Record<string, string>; body: string }>;
}

const payFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../test/vectors/wechatpay-test-vectors.json");

export function loadPayVectors(): PayVectors {
  return JSON.parse(fs.readFileSync(payFile, "utf8")) as PayVectors;
}
