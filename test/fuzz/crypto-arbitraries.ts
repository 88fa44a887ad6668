/**
 * `<Encrypt>` values that must never open: every one is refused by
 * decryptMessage with a WeChatCryptoError, and by the webhook with 401 even
 * when its msg_signature is valid (WeChat's scheme has no MAC, so the appid
 * and the framing are all that stand between a forged payload and the bot).
 *
 * The crafted ones are real AES-256-CBC under our own key, so they get past
 * base64 and block-size checks and reach the padding, length and appid checks.
 */
import fc from "fast-check";
import { binaryString } from "./arbitraries";
import { APP_ID, FOREIGN_AES_KEY, FOREIGN_APP_ID, PREVIOUS_AES_KEY, AES_KEY, rawEncrypt, sealMessage } from "./harness";

export type Garbage = { label: string; encrypt: string };

const u32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0, 0);
  return b;
};
/** Fills `body` up to a multiple of 16 (AES needs whole blocks) with at least `min` bytes made by `fill`. */
function toBlocks(body: Buffer, min: number, fill: (count: number) => Buffer): Buffer {
  let count = min;
  while ((body.length + count) % 16 !== 0) count += 1;
  return Buffer.concat([body, fill(count)]);
}
/** PKCS#7 to WeChat's 32-byte blocks, i.e. a correct tail. */
const pad32 = (body: Buffer): Buffer => {
  const pad = 32 - (body.length % 32);
  return Buffer.concat([body, Buffer.alloc(pad, pad)]);
};

const msgBytes = fc.oneof(
  fc.constant(Buffer.from("<xml><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[hi]]></Content></xml>")),
  fc.uint8Array({ maxLength: 80 }).map((b) => Buffer.from(b)),
);
const random16 = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => Buffer.from(b));
const frame = (r: Buffer, msg: Buffer, length = msg.length, appId = APP_ID): Buffer =>
  Buffer.concat([r, u32(length), msg, Buffer.from(appId)]);

/** Plaintexts whose layout is wrong in exactly one documented way. */
const crafted: fc.Arbitrary<Garbage> = fc
  .tuple(random16, msgBytes, fc.integer({ min: 2, max: 32 }), fc.nat({ max: 2 ** 32 - 1 }))
  .chain(([r, msg, v, big]) =>
    fc.constantFrom<Garbage>(
      // Last byte 0: "pad 0".
      { label: "pad 0", encrypt: rawEncrypt(toBlocks(frame(r, msg), 1, (n) => Buffer.alloc(n, 0))) },
      // Last byte 33: more than WeChat's block size.
      { label: "pad 33", encrypt: rawEncrypt(toBlocks(frame(r, msg), 1, (n) => Buffer.alloc(n, 33))) },
      // Last byte says v but the byte before it disagrees.
      { label: "inconsistent pad", encrypt: rawEncrypt(toBlocks(frame(r, msg), 2, (n) => Buffer.concat([Buffer.alloc(n - 2, v), Buffer.from([v ^ 0xff, v])]))) },
      // The length field points past the end of the payload.
      { label: "length overflow", encrypt: rawEncrypt(pad32(frame(r, msg, Math.max(big, msg.length + APP_ID.length + 1)))) },
      { label: "other appid (crafted)", encrypt: rawEncrypt(pad32(frame(r, msg, msg.length, FOREIGN_APP_ID))) },
      { label: "no appid", encrypt: rawEncrypt(pad32(frame(r, msg, msg.length, ""))) },
      // Shorter than random(16) + length(4).
      { label: "too short", encrypt: rawEncrypt(pad32(r.subarray(0, big % 20))) },
      // A lone continuation byte and a truncated 3-byte sequence: not UTF-8.
      { label: "invalid utf-8", encrypt: rawEncrypt(pad32(frame(r, Buffer.concat([msg, Buffer.from([0x80, 0xe4, 0xb8])])))) },
    ),
  );

const validSeal = fc.constantFrom("<xml><MsgType>text</MsgType></xml>", "x").map((m) => sealMessage(m));

/** Everything here must be refused; `label` names the defect in failure reports. */
export const garbageEncrypt: fc.Arbitrary<Garbage> = fc.oneof(
  // Eight defects in one arbitrary: weighted so each gets about as many runs as the others below.
  { weight: 8, arbitrary: crafted },
  binaryString(20).map((m) => ({ label: "other appid", encrypt: sealMessage(m, { appId: FOREIGN_APP_ID }) })),
  binaryString(20).map((m) => ({ label: "other key", encrypt: sealMessage(m, { key: FOREIGN_AES_KEY }) })),
  // Not a whole number of AES blocks.
  fc.uint8Array({ minLength: 1, maxLength: 100 }).filter((b) => b.length % 16 !== 0).map((b) => ({ label: "not a multiple of 16", encrypt: Buffer.from(b).toString("base64") })),
  // Cut anywhere short of the end: a partial quantum, or whole blocks with the padding and appid gone.
  fc.tuple(validSeal, fc.nat()).map(([e, n]) => ({ label: "truncated base64", encrypt: e.slice(0, n % e.length) })),
  // A character base64 does not have, in the middle (ends are trimmed, as WeChat's SDKs do).
  fc.tuple(validSeal, fc.nat(), fc.constantFrom("!", "-", "_", " ", "\n", "=", "é", "\u0000")).map(([e, n, c]) => {
    const at = 1 + (n % (e.length - 2));
    return { label: "not base64", encrypt: `${e.slice(0, at)}${c}${e.slice(at)}` };
  }),
  { weight: 1, arbitrary: fc.constantFrom({ label: "empty", encrypt: "" }, { label: "blank", encrypt: " \n " }) },
);

/** Valid seals under the current or the previous key: these must open. */
export const goodSeal = fc.tuple(binaryString(60), fc.constantFrom(AES_KEY, PREVIOUS_AES_KEY)).map(([message, key]) => ({
  message,
  key,
  encrypt: sealMessage(message, { key }),
}));
