"use client";

import { useState, type FormEvent, type ReactNode } from "react";
import { AES_KEY_PATTERN, APP_ID_PATTERN, APP_SECRET_PATTERN, NAME_MAX, TOKEN_PATTERN } from "@/lib/accounts/input";
import { adminRequest } from "../../_components/admin-api";
import styles from "../../_components/console-screen.module.css";
import type { AccountItem } from "./accounts-screen";

type FormState = { appId: string; name: string; appSecret: string; token: string; encodingAESKey: string; tokenMode: "classic" | "stable" };
const EMPTY: FormState = { appId: "", name: "", appSecret: "", token: "", encodingAESKey: "", tokenMode: "classic" };

/** WeChat's own rules, checked before sending (the server checks them again). */
function firstProblem(f: FormState): { field: keyof FormState; message: string } | null {
  if (!APP_ID_PATTERN.test(f.appId.trim())) return { field: "appId", message: "AppID 是 wx 加 16 位十六进制（小写），在公众平台「设置与开发 → 基本配置」里。" };
  if (!f.name.trim() || f.name.trim().length > NAME_MAX) return { field: "name", message: `名称必填，最多 ${NAME_MAX} 个字。` };
  if (!APP_SECRET_PATTERN.test(f.appSecret.trim())) return { field: "appSecret", message: "AppSecret 是 32 位字母或数字。" };
  if (!TOKEN_PATTERN.test(f.token.trim())) return { field: "token", message: "Token 是 3–32 位字母或数字，须与公众平台「服务器配置」里填写的一致。" };
  if (f.encodingAESKey.trim() && !AES_KEY_PATTERN.test(f.encodingAESKey.trim())) return { field: "encodingAESKey", message: "EncodingAESKey 是 43 位字母或数字（不用安全模式可留空）。" };
  return null;
}

/** The 添加公众号 form: WeChat's rules checked before sending; secrets typed once, never shown again. */
export function AddAccountForm({ onAdded }: { onAdded: (item: AccountItem) => void }): ReactNode {
  const [form, setForm] = useState<FormState>(EMPTY);
  const [problem, setProblem] = useState<{ field: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (field: keyof FormState) => (value: string) => setForm((f) => ({ ...f, [field]: value }));

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    const local = firstProblem(form);
    setProblem(local);
    if (local) return;
    setBusy(true);
    const result = await adminRequest<{ account: AccountItem }>("/api/admin/accounts", {
      method: "POST",
      json: { ...form, appId: form.appId.trim(), encodingAESKey: form.encodingAESKey.trim() || undefined },
    });
    setBusy(false);
    if (!result.ok) {
      setProblem({ field: "form", message: result.status === 409 ? "这个 AppID 已经添加过。" : result.message });
      return;
    }
    setForm(EMPTY);
    onAdded(result.data.account);
  }

  const field = (name: keyof FormState, label: string, props: { placeholder?: string; secret?: boolean; maxLength?: number }) => (
    <label className="field">
      <span className={styles.label}>{label}</span>
      <input
        className="input"
        type={props.secret ? "password" : "text"}
        value={form[name]}
        maxLength={props.maxLength}
        placeholder={props.placeholder}
        autoComplete={props.secret ? "new-password" : "off"}
        spellCheck={false}
        aria-invalid={problem?.field === name || undefined}
        aria-describedby={problem?.field === name ? "account-form-error" : undefined}
        onChange={(e) => set(name)(e.target.value)}
        data-testid={`account-${name}`}
      />
    </label>
  );

  return (
    <form className="card" onSubmit={(e) => void submit(e)} noValidate data-testid="account-add">
      <h2>添加公众号</h2>
      <p className={styles.muted}>以下信息在公众平台「设置与开发 → 基本配置」。密钥只写入服务器并加密保存，之后不再显示。</p>
      {field("appId", "AppID（开发者ID）", { placeholder: "wx 加 16 位十六进制", maxLength: 18 })}
      {field("name", "名称", { placeholder: "例如：门店服务号", maxLength: NAME_MAX })}
      {field("appSecret", "AppSecret（开发者密码）", { secret: true, maxLength: 32 })}
      {field("token", "Token（令牌）", { placeholder: "3–32 位字母或数字", maxLength: 32 })}
      {field("encodingAESKey", "EncodingAESKey（消息加解密密钥，可选）", { secret: true, maxLength: 43 })}
      <label className="field">
        <span className={styles.label}>调用凭据获取方式</span>
        <select className="input" value={form.tokenMode} onChange={(e) => set("tokenMode")(e.target.value)} data-testid="account-tokenMode">
          <option value="classic">普通（本服务独用这个公众号）</option>
          <option value="stable">稳定版（还有别的服务在调用同一个公众号）</option>
        </select>
      </label>
      {problem ? (
        <p id="account-form-error" className={styles.danger} role="alert" data-testid="account-add-error">
          {problem.message}
        </p>
      ) : null}
      <button type="submit" className={`btn ${styles.primary}`} disabled={busy} data-testid="account-add-submit">
        {busy ? "正在添加…" : "添加"}
      </button>
    </form>
  );
}
