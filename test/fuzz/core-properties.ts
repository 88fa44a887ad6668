/**
 * Properties of the pure building blocks under the webhook: the XML and
 * message parsers are total, decryption fails only with its typed error, and
 * the reply builder round-trips any text.
 */
import fc from "fast-check";
import { decryptMessage, decryptWithKeys } from "@wxmp/wechat/crypto";
import { WeChatCryptoError } from "@wxmp/wechat/errors";
import { getDedupKey, parseMessage, parseMessageRecord } from "@wxmp/wechat/message";
import { buildEncryptedReplyXml, buildReplyXml, type Reply } from "@wxmp/wechat/reply";
import { parseXml } from "@wxmp/wechat/xml";
import { binaryString, nastyText, replyArb } from "./arbitraries";
import { garbageEncrypt, goodSeal } from "./crypto-arbitraries";
import { checkRecordShape, checkReply, expectedReply, fail } from "./expectations";
import { AES_KEY, APP_ID, NOW_MS, NOW_S, PREVIOUS_AES_KEY, TOKEN, openAnswer } from "./harness";
import type { FuzzStats } from "./stats";
import { hostileText } from "./hostile-arbitraries";

/** parseXml, parseMessage and getDedupKey on anything: never a throw, and a record is only strings and plain objects. */
export function parsersAreTotal(stats: FuzzStats): fc.IProperty<[string]> {
  const input = fc.oneof(hostileText, binaryString(300), fc.string({ unit: "binary-ascii", maxLength: 300 }));
  return fc.property(input, (text) => {
    stats.inputs += 1;
    const result = parseXml(text);
    const msg = parseMessage(text);
    if (result.ok !== (msg !== null)) fail("parseXml and parseMessage disagree on well-formedness");
    if (result.ok) {
      checkRecordShape(result.record);
      if (typeof getDedupKey(parseMessageRecord(result.record)) !== "string") fail("dedup key is not a string");
    }
    // A `__proto__` element must never reach Object.prototype.
    if (Object.keys(Object.prototype).length !== 0) fail("Object.prototype was polluted");
  });
}

/** `mustOpenTo`: a valid seal; `refuse`: documented garbage; neither: anything goes, but only a typed error. */
type Ciphertext = { encrypt: string; label: string; mustOpenTo?: string; key?: string; refuse?: true };
const ciphertext: fc.Arbitrary<Ciphertext> = fc.oneof(
  garbageEncrypt.map((g) => ({ ...g, refuse: true as const })),
  goodSeal.map((g) => ({ encrypt: g.encrypt, mustOpenTo: g.message, key: g.key, label: "valid seal" })),
  binaryString(120).map((encrypt) => ({ encrypt, label: "any string" })),
  fc.base64String({ maxLength: 200 }).map((encrypt) => ({ encrypt, label: "any base64" })),
  fc.uint8Array({ maxLength: 200 }).map((b) => ({ encrypt: Buffer.from(b).toString("base64"), label: "base64 of random bytes" })),
);

/** Decryption either opens a valid seal exactly or throws WeChatCryptoError — never a RangeError or TypeError. */
export function decryptFailsTyped(stats: FuzzStats): fc.IProperty<[Ciphertext]> {
  return fc.property(ciphertext, (c) => {
    stats.inputs += 1;
    const attempts: Array<[string, () => string]> = [
      ["decryptMessage", () => decryptMessage({ encodingAESKey: c.key ?? AES_KEY, appId: APP_ID, encrypted: c.encrypt })],
      ["decryptWithKeys", () => decryptWithKeys([AES_KEY, PREVIOUS_AES_KEY], { appId: APP_ID, encrypted: c.encrypt }).message],
    ];
    for (const [name, attempt] of attempts) {
      let opened: string | undefined;
      try {
        opened = attempt();
      } catch (error) {
        if (!(error instanceof WeChatCryptoError)) fail(`${name} (${c.label}) threw ${String(error)}`);
      }
      if (c.mustOpenTo !== undefined && opened !== c.mustOpenTo) fail(`${name} did not open a valid seal`);
      if (c.refuse && opened !== undefined) fail(`${name} opened garbage (${c.label})`);
    }
  });
}

/** Any reply, with any text (`]]>` included), reads back unchanged, in plaintext and sealed. */
export function repliesRoundTrip(stats: FuzzStats): fc.IProperty<[Reply, string, string, string]> {
  const nonce = fc.stringMatching(/^[A-Za-z0-9]{1,32}$/);
  return fc.property(replyArb, nastyText(30), nastyText(30), nonce, (reply, to, from, n) => {
    stats.inputs += 1;
    const xml = buildReplyXml(reply, { to, from, now: () => NOW_MS });
    const plain = openAnswer(xml);
    checkReply(plain, expectedReply(reply, to, from), "plaintext reply");
    const sealed = buildEncryptedReplyXml({ plaintextXml: xml, token: TOKEN, appId: APP_ID, encodingAESKey: AES_KEY, timestamp: NOW_S, nonce: n });
    checkReply(openAnswer(sealed, { keys: [AES_KEY] }), plain, "sealed reply");
  });
}
