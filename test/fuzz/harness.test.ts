/**
 * The fuzzer signs, seals and opens messages with its own code, so that it does
 * not check crypto.ts against itself. That code must agree with WeChat's published vectors.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { APP_ID, sealMessage, sign, unseal } from "./harness";

const vectors = JSON.parse(readFileSync(path.resolve(__dirname, "../vectors/wechat-test-vectors.json"), "utf8")) as {
  encrypted: Array<Record<string, string>>;
  server_signature: Array<Record<string, string>>;
};
const vector = (id: string): Record<string, string> => vectors.encrypted.find((v) => v.id === id)!;

describe("the fuzzer's independent crypto", () => {
  it("opens E1 (pad 21) and reproduces its msg_signature", () => {
    const e1 = vector("E1");
    expect(e1.appid).toBe(APP_ID);
    expect(unseal(e1.encrypt!, e1.encoding_aes_key!)).toBe(e1.plaintext);
    expect(sign([e1.token!, e1.timestamp!, e1.nonce!, e1.encrypt!])).toBe(e1.msg_signature);
  });

  it("seals E2a byte for byte from its random prefix", () => {
    const e2 = vector("E2a");
    expect(sealMessage(e2.plaintext!, { key: e2.encoding_aes_key!, appId: e2.appid!, random16: e2.random16! })).toBe(e2.encrypt);
    expect(sign([e2.token!, e2.timestamp!, e2.nonce!, e2.encrypt!])).toBe(e2.msg_signature);
  });

  it("reproduces the server signature S1", () => {
    const s1 = vectors.server_signature.find((v) => v.id === "S1")!;
    expect(sign([s1.token!, s1.timestamp!, s1.nonce!])).toBe(s1.signature);
  });

  it("refuses what is not a seal: wrong key, cut short, not base64", () => {
    const sealed = sealMessage("<xml/>");
    expect(unseal(sealed, vector("E1").encoding_aes_key!)).toBe("<xml/>");
    expect(unseal(sealed, "ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut")).toBeNull();
    expect(unseal(sealed.slice(0, 24), vector("E1").encoding_aes_key!)).toBeNull();
    expect(unseal("", vector("E1").encoding_aes_key!)).toBeNull();
  });
});
