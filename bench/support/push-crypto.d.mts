/** Types for push-crypto.mjs (plain JS so the peer and ceiling servers need no transpiler). */
export type PushKeys = { token: string; encodingAESKey: string; appId: string };

export function sha1Sorted(...values: string[]): string;
export function signatureMatches(expected: string, actual: string | null | undefined): boolean;
export function encryptMessage(encodingAESKey: string, appId: string, message: string, random16?: Uint8Array): string;
export function decryptMessage(encodingAESKey: string, appId: string, encrypted: string): string;
export function textMessageXml(fields: { to: string; from: string; content: string; msgId: string; createTime: number }): string;
export function plaintextQuery(fields: { token: string; timestamp: string; nonce: string; openid: string }): string;
export function safePush(
  fields: PushKeys & { timestamp: string; nonce: string; openid: string; to: string; xml: string },
): { query: string; body: string };
export function replyContent(xml: string, keys: PushKeys): string | null;
export function selfCheck(): void;
