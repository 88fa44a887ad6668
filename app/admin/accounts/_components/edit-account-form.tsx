"use client";

import { useState, type FormEvent, type ReactNode } from "react";
import { AES_KEY_PATTERN, APP_SECRET_PATTERN, TOKEN_PATTERN } from "@/lib/accounts/input";
import { describeApiError } from "../../_components/admin-api";
import styles from "../../_components/console-screen.module.css";

/**
 * 更换密钥: a new AppSecret, Token or EncodingAESKey for an added account (after a reset at
 * mp.weixin.qq.com, or after ACCOUNTS_KEY changed). Empty fields stay as they are; nothing stored
 * is ever shown. A new EncodingAESKey keeps the old one accepted for pushes still sealed with it.
 */
export function EditAccountForm({ appId, onSaved, onCancel }: { appId: string; onSaved: () => void; onCancel: () => void }): ReactNode {
  const [appSecret, setAppSecret] = useState("");
  const [token, setToken] = useState("");
  const [encodingAESKey, setKey] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    const change: Record<string, string> = {};
    if (appSecret.trim()) change.appSecret = appSecret.trim();
    if (token.trim()) change.token = token.trim();
    if (encodingAESKey.trim()) change.encodingAESKey = encodingAESKey.trim();
    if (change.appSecret && !APP_SECRET_PATTERN.test(change.appSecret)) return setProblem("AppSecret 是 32 位字母或数字。");
    if (change.token && !TOKEN_PATTERN.test(change.token)) return setProblem("Token 是 3–32 位字母或数字。");
    if (change.encodingAESKey && !AES_KEY_PATTERN.test(change.encodingAESKey)) return setProblem("EncodingAESKey 是 43 位字母或数字。");
    if (Object.keys(change).length === 0) return setProblem("没有要更换的内容。");
    setBusy(true);
    try {
      const res = await fetch(`/api/admin/accounts/${appId}`, { method: "PATCH", credentials: "same-origin", headers: { "content-type": "application/json" }, body: JSON.stringify(change) });
      if (res.ok) return onSaved();
      setProblem(describeApiError(res.status, await res.json().catch(() => null)));
    } catch {
      setProblem("网络连接失败，请检查网络后重试。");
    } finally {
      setBusy(false);
    }
  }

  const field = (label: string, value: string, set: (v: string) => void, testid: string, max: number) => (
    <label className="field">
      <span className={styles.label}>{label}</span>
      <input className="input" type="password" value={value} maxLength={max} autoComplete="new-password" spellCheck={false} placeholder="不更换请留空" onChange={(e) => set(e.target.value)} data-testid={testid} />
    </label>
  );

  return (
    <form onSubmit={(e) => void submit(e)} noValidate data-testid="account-edit-form" style={{ marginTop: 12 }}>
      {field("新的 AppSecret", appSecret, setAppSecret, "account-edit-appSecret", 32)}
      {field("新的 Token", token, setToken, "account-edit-token", 32)}
      {field("新的 EncodingAESKey", encodingAESKey, setKey, "account-edit-encodingAESKey", 43)}
      {problem ? (
        <p className={styles.danger} role="alert">
          {problem}
        </p>
      ) : null}
      <div className={styles.actions}>
        <button type="submit" className={`btn btn-mini ${styles.primary}`} disabled={busy} data-testid="account-edit-save">
          保存
        </button>
        <button type="button" className="btn-text" onClick={onCancel}>
          取消
        </button>
      </div>
    </form>
  );
}
