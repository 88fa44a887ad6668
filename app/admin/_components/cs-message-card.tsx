"use client";

import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from "react";
import { describeWindow, type ServiceWindow } from "@/lib/console/messages/window";
import { adminRequest } from "./admin-api";
import { shortOpenid } from "./format";
import { FollowerPicker } from "./follower-picker";

const OPENID = /^[A-Za-z0-9_-]{1,64}$/;

/** The follower's customer-service window, fetched when the openid changes and after each send, ticking each second. */
function useServiceWindow(openid: string): { text: string | null; open: boolean; reload: () => void } {
  const [known, setKnown] = useState<{ openid: string; window: ServiceWindow; skew: number } | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const load = useCallback(async (to: string) => {
    const result = await adminRequest<{ window: ServiceWindow; now: number }>(`/api/admin/messages/window?openid=${encodeURIComponent(to)}`);
    // The server's clock decides; the browser only counts the seconds down from it.
    if (result.ok) setKnown({ openid: to, window: result.data.window, skew: result.data.now - Date.now() });
  }, []);
  useEffect(() => {
    const to = openid.trim();
    if (!OPENID.test(to)) return;
    const timer = setTimeout(() => void load(to), 300);
    return () => clearTimeout(timer);
  }, [openid, load]);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const current = known && known.openid === openid.trim() ? known : null;
  if (!current) return { text: null, open: false, reload: () => void load(openid.trim()) };
  const at = now + current.skew;
  const open = current.window.state === "open" && current.window.expiresAt > at;
  return { text: describeWindow(current.window, at), open, reload: () => void load(openid.trim()) };
}

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
  const csWindow = useServiceWindow(openid);

  async function send(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    const to = openid.trim();
    const text = content.trim();
    if (!to || !text) {
      setOutcome({ ok: false, text: !to ? "请先选择接收消息的粉丝。" : "请填写消息内容。" });
      return;
    }
    setPending(true);
    setOutcome(null);
    const result = await adminRequest<{ ok?: boolean }>("/api/admin/messages", { method: "POST", json: { openid: to, content: text } });
    setPending(false);
    csWindow.reload();
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
        粉丝发消息后 48 小时内可发 5 条；点菜单、关注或扫码后 1 分钟内可发 3 条。也可以在本页的粉丝列表中点“发消息”。
      </p>
      <FollowerPicker value={openid} onChange={onOpenidChange} testId="cs-openid" />
      {csWindow.text ? (
        <p className={csWindow.open ? "hint window-open" : "hint window-closed"} aria-live="polite" data-testid="cs-window">
          {csWindow.text}
        </p>
      ) : null}
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
