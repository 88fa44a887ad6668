import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { decryptMessage, decryptWithKeys, encryptMessage, parseEncodingAESKey } from "./crypto";
import { WeChatConfigError, WeChatCryptoError } from "./errors";

const vectors = JSON.parse(
  readFileSync(path.resolve(__dirname, "../../test/vectors/wechat-test-vectors.json"), "utf8"),
) as { encrypted: Array<Record<string, string | number>> };
const vector = (id: string): Record<string, string> => {
  const found = vectors.encrypted.find((v) => v.id === id);
  if (!found) throw new Error(`vector ${id} missing`);
  return Object.fromEntries(Object.entries(found).map(([k, v]) => [k, String(v)]));
};
const E1 = vector("E1");
const E2a = vector("E2a");
const KEY = E1.encoding_aes_key!;
const APPID = E1.appid!;

const ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
function randomKey(): string {
  return Array.from(randomBytes(43), (b) => ALNUM[b % ALNUM.length]).join("");
}

/** Raw AES-256-CBC without any padding logic, to inspect or forge plaintexts independently of the module. */
function rawDecrypt(encodingAESKey: string, encrypted: string): Buffer {
  const key = Buffer.from(`${encodingAESKey}=`, "base64");
  const d = createDecipheriv("aes-256-cbc", key, key.subarray(0, 16));
  d.setAutoPadding(false);
  return Buffer.concat([d.update(Buffer.from(encrypted, "base64")), d.final()]);
}
function rawEncrypt(encodingAESKey: string, plain: Buffer): string {
  const key = Buffer.from(`${encodingAESKey}=`, "base64");
  const c = createCipheriv("aes-256-cbc", key, key.subarray(0, 16));
  c.setAutoPadding(false);
  return Buffer.concat([c.update(plain), c.final()]).toString("base64");
}
function frame(message: Buffer, appId: string, length = message.length): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(length, 0);
  return Buffer.concat([Buffer.alloc(16, 0x61), len, message, Buffer.from(appId)]);
}

describe("parseEncodingAESKey", () => {
  it("derives a 32-byte key and the IV from its first 16 bytes", () => {
    const { key, iv } = parseEncodingAESKey(KEY);
    expect(key).toHaveLength(32);
    expect(iv.equals(key.subarray(0, 16))).toBe(true);
  });

  it.each([["too short", KEY.slice(1)], ["too long", `${KEY}A`], ["bad char", `${KEY.slice(1)}+`], ["empty", ""]])(
    "rejects a key that is %s with a config error that does not echo it",
    (_label, bad) => {
      expect(() => parseEncodingAESKey(bad)).toThrow(WeChatConfigError);
      try {
        parseEncodingAESKey(bad);
      } catch (error) {
        if (bad) expect((error as Error).message).not.toContain(bad);
      }
    },
  );
});

describe("published vectors", () => {
  it("E1: decrypts a message whose PKCS#7 pad is 21 (> 16)", () => {
    const raw = rawDecrypt(KEY, E1.encrypt!);
    expect(raw[raw.length - 1]).toBe(Number(E1.pad));
    expect(decryptMessage({ encodingAESKey: KEY, appId: APPID, encrypted: E1.encrypt! })).toBe(E1.plaintext);
  });

  it("E2a: encrypting with the fixed random prefix gives the published ciphertext, and decrypts back", () => {
    const encrypted = encryptMessage({
      encodingAESKey: E2a.encoding_aes_key!,
      appId: E2a.appid!,
      message: E2a.plaintext!,
      randomBytes: (n) => Buffer.from(E2a.random16!).subarray(0, n),
    });
    expect(encrypted).toBe(E2a.encrypt);
    expect(decryptMessage({ encodingAESKey: E2a.encoding_aes_key!, appId: E2a.appid!, encrypted })).toBe(
      E2a.plaintext,
    );
  });
});

describe("round trips", () => {
  // 16 random + 4 length + appid (18 bytes) = 38 bytes of framing; 0..31 message bytes hit every pad 1..32.
  const messages = Array.from({ length: 32 }, (_, n) =>
    // Mix 3-byte characters in so byte length and string length differ.
    "中".repeat(Math.floor(n / 3)) + "x".repeat(n % 3),
  );

  it("covers every pad length 1..32 with multi-byte UTF-8 and random keys", () => {
    const pads = new Set<number>();
    for (const message of messages) {
      const encodingAESKey = randomKey();
      const encrypted = encryptMessage({ encodingAESKey, appId: APPID, message });
      const raw = rawDecrypt(encodingAESKey, encrypted);
      expect(raw.length % 32).toBe(0);
      pads.add(raw[raw.length - 1]!);
      expect(decryptMessage({ encodingAESKey, appId: APPID, encrypted })).toBe(message);
    }
    expect([...pads].sort((a, b) => a - b)).toEqual(Array.from({ length: 32 }, (_, i) => i + 1));
  });

  it("round-trips long messages and uses fresh randomness by default", () => {
    const message = `<xml><Content><![CDATA[${"消息😀".repeat(500)}]]></Content></xml>`;
    const a = encryptMessage({ encodingAESKey: KEY, appId: APPID, message });
    const b = encryptMessage({ encodingAESKey: KEY, appId: APPID, message });
    expect(a).not.toBe(b);
    expect(decryptMessage({ encodingAESKey: KEY, appId: APPID, encrypted: a })).toBe(message);
  });
});

describe("decryptMessage refuses", () => {
  const encrypted = encryptMessage({ encodingAESKey: KEY, appId: APPID, message: "hello" });
  const fails = (input: { encrypted: string; appId?: string; encodingAESKey?: string }, reason?: RegExp): void => {
    const run = (): string => decryptMessage({ encodingAESKey: KEY, appId: APPID, ...input });
    expect(run).toThrow(WeChatCryptoError);
    if (reason) expect(run).toThrow(reason);
  };

  it("a different appid", () => fails({ encrypted, appId: "wx0000000000000000" }, /appid/));
  it("a different key", () => fails({ encrypted, encodingAESKey: randomKey() }));

  it("a tampered last block", () => {
    const bytes = Buffer.from(encrypted, "base64");
    bytes[bytes.length - 1]! ^= 0x01;
    fails({ encrypted: bytes.toString("base64") });
  });

  it("truncated ciphertext (partial block and whole block)", () => {
    fails({ encrypted: encrypted.slice(0, -4) }, /block size/);
    fails({ encrypted: Buffer.from(encrypted, "base64").subarray(0, 16).toString("base64") });
  });

  it("bad base64 and empty input", () => {
    fails({ encrypted: "not base64!!" }, /base64/);
    fails({ encrypted: `${encrypted.slice(0, -2)}*=` }, /base64/);
    fails({ encrypted: "" });
  });

  it("a pad byte of 0 or 33, or pad bytes that differ", () => {
    const body = frame(Buffer.from("hi"), APPID); // 40 bytes
    fails({ encrypted: rawEncrypt(KEY, Buffer.concat([body, Buffer.alloc(23, 0), Buffer.from([0])])) }, /padding/);
    fails({ encrypted: rawEncrypt(KEY, Buffer.concat([body.subarray(0, 31), Buffer.alloc(33, 33)])) }, /padding/);
    const mixed = Buffer.concat([body, Buffer.alloc(24, 24)]);
    mixed[mixed.length - 5] = 7;
    fails({ encrypted: rawEncrypt(KEY, mixed) }, /padding/);
  });

  it("a length field larger than the content", () => {
    const body = frame(Buffer.from("hi"), APPID, 1_000_000);
    fails({ encrypted: rawEncrypt(KEY, Buffer.concat([body, Buffer.alloc(24, 24)])) }, /overflows/);
  });

  it("a bad key with a config error", () => {
    expect(() => decryptMessage({ encodingAESKey: "short", appId: APPID, encrypted })).toThrow(WeChatConfigError);
  });
});

describe("decryptWithKeys", () => {
  const previous = randomKey();
  const current = randomKey();

  it("uses the current key first", () => {
    const encrypted = encryptMessage({ encodingAESKey: current, appId: APPID, message: "now" });
    expect(decryptWithKeys([current, previous], { appId: APPID, encrypted })).toEqual({
      message: "now",
      keyIndex: 0,
      encodingAESKey: current,
    });
  });

  it("falls back to the previous key after a rotation and reports it", () => {
    const encrypted = encryptMessage({ encodingAESKey: previous, appId: APPID, message: "before" });
    const result = decryptWithKeys([current, previous], { appId: APPID, encrypted });
    expect(result.keyIndex).toBe(1);
    expect(result.encodingAESKey).toBe(previous);
    expect(result.message).toBe("before");
  });

  it("throws a crypto error when no key works or none is given", () => {
    const encrypted = encryptMessage({ encodingAESKey: randomKey(), appId: APPID, message: "x" });
    expect(() => decryptWithKeys([current, previous], { appId: APPID, encrypted })).toThrow(WeChatCryptoError);
    expect(() => decryptWithKeys([], { appId: APPID, encrypted })).toThrow(WeChatCryptoError);
  });
});
