"use client";

import { useState, type FormEvent, type ReactNode } from "react";
import { MCHID_PATTERN, MERCHANT_SERIAL_PATTERN, PUBLIC_KEY_ID_PATTERN } from "@/lib/accounts/input";
import { describeApiError } from "../../_components/admin-api";
import styles from "../../_components/console-screen.module.css";

type Fields = { mchid: string; merchantSerial: string; privateKey: string; apiV3Key: string; publicKeyId: string; publicKey: string };
const EMPTY: Fields = { mchid: "", merchantSerial: "", privateKey: "", apiV3Key: "", publicKeyId: "", publicKey: "" };

/** The merchant platform's formats, checked before sending (the server checks them again, then the keys). */
function firstProblem(f: Fields): string | null {
  if (!MCHID_PATTERN.test(f.mchid.trim())) return "商户号是 8–12 位数字（商户平台右上角）。";
  if (!MERCHANT_SERIAL_PATTERN.test(f.merchantSerial.trim().toUpperCase())) return "商户API证书序列号是 40 位十六进制（商户平台 → 账户中心 → API安全 → 管理证书）。";
  if (!f.privateKey.includes("PRIVATE KEY-----")) return "商户私钥请粘贴 apiclient_key.pem 的全部内容。";
  if (f.apiV3Key.trim().length !== 32) return "APIv3 密钥是在商户平台设置的 32 位字母或数字。";
  if (Boolean(f.publicKeyId.trim()) !== Boolean(f.publicKey.trim())) return "微信支付公钥与其 ID 须同时填写；没有微信支付公钥的老商户两项都留空。";
  if (f.publicKeyId.trim() && !PUBLIC_KEY_ID_PATTERN.test(f.publicKeyId.trim())) return "微信支付公钥 ID 形如 PUB_KEY_ID_0114…";
  return null;
}

async function patchPay(appId: string, pay: Record<string, string> | null): Promise<string | null> {
  try {
    const res = await fetch(`/api/admin/accounts/${appId}`, { method: "PATCH", credentials: "same-origin", headers: { "content-type": "application/json" }, body: JSON.stringify({ pay }) });
    return res.ok ? null : describeApiError(res.status, await res.json().catch(() => null));
  } catch {
    return "网络连接失败，请检查网络后重试。";
  }
}

/**
 * 商户号: this account takes payments through its own WeChat Pay merchant. The keys are written
 * to the server, sealed, and never shown again (only the merchant number, the start of the
 * serial and how answers are verified). Saving runs the account's check (a signed call).
 */
export function MerchantForm({ appId, hasMerchant, onSaved, onCancel }: { appId: string; hasMerchant: boolean; onSaved: () => void; onCancel: () => void }): ReactNode {
  const [form, setForm] = useState<Fields>(EMPTY);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const set = (field: keyof Fields) => (value: string) => setForm((f) => ({ ...f, [field]: value }));

  async function save(event: FormEvent): Promise<void> {
    event.preventDefault();
    const local = firstProblem(form);
    setProblem(local);
    if (local) return;
    setBusy(true);
    const pay = { ...form, mchid: form.mchid.trim(), merchantSerial: form.merchantSerial.trim().toUpperCase(), apiV3Key: form.apiV3Key.trim(), publicKeyId: form.publicKeyId.trim() };
    const error = await patchPay(appId, pay);
    setBusy(false);
    if (error) return setProblem(error);
    setForm(EMPTY);
    onSaved();
  }

  async function remove(): Promise<void> {
    setBusy(true);
    const error = await patchPay(appId, null);
    setBusy(false);
    setConfirmRemove(false);
    if (error) return setProblem(error);
    onSaved();
  }

  const input = (name: keyof Fields, label: string, props: { secret?: boolean; placeholder?: string; multiline?: boolean; maxLength?: number }) => (
    <label className="field">
      <span className={styles.label}>{label}</span>
      {props.multiline ? (
        <textarea className="input" rows={3} value={form[name]} spellCheck={false} placeholder={props.placeholder} onChange={(e) => set(name)(e.target.value)} data-testid={`merchant-${name}`} />
      ) : (
        <input
          className="input"
          type={props.secret ? "password" : "text"}
          value={form[name]}
          maxLength={props.maxLength}
          autoComplete={props.secret ? "new-password" : "off"}
          spellCheck={false}
          placeholder={props.placeholder}
          onChange={(e) => set(name)(e.target.value)}
          data-testid={`merchant-${name}`}
        />
      )}
    </label>
  );

  return (
    <form onSubmit={(e) => void save(e)} noValidate data-testid="merchant-form" style={{ marginTop: 12 }}>
      <p className={styles.muted}>
        填写后，这个公众号的买家通过它自己的商户号付款（否则经部署时配置的默认商户号）。以下信息在微信支付商户平台「账户中心 → API安全」；密钥加密保存，之后不再显示。{hasMerchant ? "重新填写即替换现有商户号。" : null}
      </p>
      {input("mchid", "商户号", { placeholder: "8–12 位数字", maxLength: 12 })}
      {input("merchantSerial", "商户API证书序列号", { placeholder: "40 位十六进制", maxLength: 40 })}
      {input("privateKey", "商户API私钥（apiclient_key.pem 的全部内容）", { multiline: true, placeholder: "-----BEGIN PRIVATE KEY-----" })}
      {input("apiV3Key", "APIv3 密钥", { secret: true, maxLength: 32 })}
      {input("publicKeyId", "微信支付公钥 ID（没有可留空）", { placeholder: "PUB_KEY_ID_…", maxLength: 60 })}
      {input("publicKey", "微信支付公钥（pub_key.pem 的全部内容，没有可留空）", { multiline: true, placeholder: "-----BEGIN PUBLIC KEY-----" })}
      {problem ? (
        <p className={styles.danger} role="alert" data-testid="merchant-error">
          {problem}
        </p>
      ) : null}
      <div className={styles.actions}>
        <button type="submit" className={`btn btn-mini ${styles.primary}`} disabled={busy} data-testid="merchant-save">
          {busy ? "正在保存…" : "保存并检查"}
        </button>
        {hasMerchant && !confirmRemove ? (
          <button type="button" className={`btn btn-mini ${styles.secondary}`} disabled={busy} onClick={() => setConfirmRemove(true)} data-testid="merchant-remove">
            移除商户号
          </button>
        ) : null}
        {confirmRemove ? (
          <>
            <span className={styles.danger}>移除后该号的新订单经部署时配置的默认商户号收款；原商户号的订单将无法在这里查询和退款。确定？</span>
            <button type="button" className={`btn btn-mini ${styles.primary}`} disabled={busy} onClick={() => void remove()} data-testid="merchant-remove-confirm">
              确定移除
            </button>
          </>
        ) : null}
        <button type="button" className="btn-text" onClick={onCancel}>
          取消
        </button>
      </div>
    </form>
  );
}
