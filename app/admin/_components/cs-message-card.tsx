"use client";

import { useState, type FormEvent, type ReactNode } from "react";
import { adminRequest } from "./admin-api";
import { shortOpenid } from "./format";
import { OpenidField } from "./openid-field";

interface Props {
  openid: string;
  onOpenidChange: (openid: string) => void;
  onUnauthorized: () => void;
}

type Outcome = { ok: boolean; text: string };

// The API's limit; WeChat may still refuse a very long text (45002), which is then explained.
const MAX_LENGTH = 2000;

/** Sends a customer-service text message (only within 48 h of the user's last interaction). */
export function CsMessageCard({ openid, onOpenidChange, onUnauthorized }: Props): ReactNode {
  const [content, setContent] = useState("");
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  async function send(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    const to = openid.trim();
    const text = content.trim();
    if (!to || !text) {
      setOutcome({ ok: false, text: !to ? "请填写接收者的 openid。" : "请填写消息内容。" });
      return;
    }
    setPending(true);
    setOutcome(null);
    const result = await adminRequest<{ ok?: boolean }>("/api/admin/messages", { method: "POST", json: { openid: to, content: text } });
    setPending(false);
    if (!result.ok) {
      if (result.unauthorized) onUnauthorized();
      setOutcome({ ok: false, text: `发送失败：${result.message}` });
      return;
    }
    setOutcome({ ok: true, text: `已发送给 ${shortOpenid(to)}。` });
    setContent("");
  }

  return (
    <form className="card" id="cs-message" onSubmit={(e) => void send(e)} data-testid="cs-form">
      <h2>发送客服消息</h2>
      <p className="hint" style={{ marginBottom: 12 }}>
        只能发给 48 小时内与公众号互动过（发消息、点击菜单、关注、扫码）的用户。点关注者列表中的“发消息”可自动填入 openid。
      </p>
      <OpenidField value={openid} onChange={onOpenidChange} testId="cs-openid" />
      <label className="field">
        <span>
          消息内容（{content.length}/{MAX_LENGTH}）
        </span>
        <textarea className="input" value={content} maxLength={MAX_LENGTH} onChange={(e) => setContent(e.target.value)} data-testid="cs-content" />
      </label>
      <button type="submit" className="btn btn-primary" disabled={pending} data-testid="cs-send">
        {pending ? "发送中…" : "发送"}
      </button>
      <div className={outcome ? (outcome.ok ? "result result-ok" : "result result-error") : "result"} role="status" data-testid="cs-result">
        {outcome?.text ?? ""}
      </div>
    </form>
  );
}
