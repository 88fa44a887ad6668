/** Rows at rest made from the operator's input: every secret sealed for its row and field here. */
import type { AccountChangeInput, AccountPayInput, NewAccountInput } from "./input";
import type { Sealer } from "./seal";
import { openField, sealContext } from "./settings";
import { SEALED_FIELDS, type AccountKind, type AccountRow, type AccountRowPatch, type SealedField } from "./store";

const sealed = (sealer: Sealer, appId: string, field: SealedField, plain: string | undefined | null): string | null =>
  plain === undefined || plain === null ? null : sealer.seal(plain, sealContext(appId, field));

function payColumns(sealer: Sealer, appId: string, pay: AccountPayInput | null | undefined): AccountRowPatch {
  return {
    payMchid: pay?.mchid ?? null,
    payMerchantSerial: pay?.merchantSerial ?? null,
    payPrivateKey: sealed(sealer, appId, "payPrivateKey", pay?.privateKey),
    payApiV3Key: sealed(sealer, appId, "payApiV3Key", pay?.apiV3Key),
    payPublicKeyId: pay?.publicKeyId ?? null,
    payPublicKey: pay?.publicKey ?? null,
  };
}

/** A fresh active row with no secret (a component account as it is). */
export function blankRow(appId: string, name: string, kind: AccountKind, at: number): AccountRow {
  const none = Object.fromEntries(SEALED_FIELDS.map((field) => [field, null])) as Record<SealedField, null>;
  return {
    ...none,
    appId,
    name,
    kind,
    token: null,
    tokenMode: "classic",
    status: "active",
    payMchid: null,
    payMerchantSerial: null,
    payPublicKeyId: null,
    payPublicKey: null,
    retiredAt: null,
    createdAt: at,
    updatedAt: at,
  };
}

/** A direct account's row, its secrets sealed. */
export function directRow(sealer: Sealer, input: NewAccountInput, at: number): AccountRow {
  return {
    ...blankRow(input.appId, input.name, "direct", at),
    appSecret: sealed(sealer, input.appId, "appSecret", input.appSecret),
    token: input.token,
    encodingAESKey: sealed(sealer, input.appId, "encodingAESKey", input.encodingAESKey),
    tokenMode: input.tokenMode,
    ...payColumns(sealer, input.appId, input.pay),
  } as AccountRow;
}

/** The current EncodingAESKey, or null when it no longer opens (the key was changed: the secrets are being entered again). */
function openedOrNull(sealer: Sealer, row: AccountRow): string | null {
  try {
    return openField(sealer, row, "encodingAESKey") ?? null;
  } catch {
    return null;
  }
}

/** The columns a change writes; a new EncodingAESKey moves the current one to "previous" (WeChat keeps using it a while). */
export function changeColumns(sealer: Sealer, current: AccountRow, change: AccountChangeInput): AccountRowPatch {
  const { appId } = current;
  const patch: AccountRowPatch = {};
  if (change.name !== undefined) patch.name = change.name;
  if (change.appSecret !== undefined) patch.appSecret = sealed(sealer, appId, "appSecret", change.appSecret);
  if (change.token !== undefined) patch.token = change.token;
  if (change.tokenMode !== undefined) patch.tokenMode = change.tokenMode;
  if (change.encodingAESKey !== undefined) {
    const previous = change.encodingAESKey === null ? null : openedOrNull(sealer, current);
    patch.previousEncodingAESKey = sealed(sealer, appId, "previousEncodingAESKey", previous);
    patch.encodingAESKey = sealed(sealer, appId, "encodingAESKey", change.encodingAESKey);
  }
  if (change.pay !== undefined) Object.assign(patch, payColumns(sealer, appId, change.pay));
  return patch;
}
