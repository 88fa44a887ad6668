"use client";

import { useEffect, useState, type ReactNode } from "react";
import { adminRequest } from "../../_components/admin-api";
import { formatBeijingTime } from "../../_components/format";

/** GET /api/admin/templates/sends?msgid= */
interface TemplateSend {
  msgid: string;
  sentAt: number | null;
  status: string | null;
  outcome: "success" | "user_block" | "system_failed" | "other" | null;
  finishedAt: number | null;
}

const OUTCOMES: Record<string, { text: string; className: string }> = {
  success: { text: "送达成功", className: "badge" },
  user_block: { text: "用户拒收（已关闭该公众号的模板消息）", className: "badge badge-red" },
  system_failed: { text: "发送失败（微信系统原因）", className: "badge badge-red" },
  other: { text: "其他结果", className: "badge badge-orange" },
};

const POLL_MS = 1500;
// WeChat usually reports within seconds; past this the operator can reload the page.
const GIVE_UP_MS = 120_000;

/** The delivery status of one send: polls until TEMPLATESENDJOBFINISH has been recorded. */
export function SendStatus({ msgid, title, touser }: { msgid: string; title: string; touser: string }): ReactNode {
  const [send, setSend] = useState<TemplateSend | null>(null);
  const [gaveUp, setGaveUp] = useState(false);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const started = Date.now();
    const poll = async (): Promise<void> => {
      const result = await adminRequest<{ send: TemplateSend }>(`/api/admin/templates/sends?msgid=${encodeURIComponent(msgid)}`);
      if (stopped) return;
      if (result.ok) setSend(result.data.send);
      if (result.ok && result.data.send.outcome !== null) return;
      if (Date.now() - started > GIVE_UP_MS) return setGaveUp(true);
      timer = setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [msgid]);

  const outcome = send?.outcome ? OUTCOMES[send.outcome] : undefined;
  return (
    <section className="card" aria-live="polite" data-testid="template-send-status" data-outcome={send?.outcome ?? "pending"}>
      <div className="card-head">
        <h2>发送结果</h2>
        {outcome ? <span className={outcome.className}>{outcome.text}</span> : <span className="badge badge-grey">等待微信回报…</span>}
      </div>
      <dl className="health-rows">
        <div>
          <dt>模板</dt>
          <dd>{title}</dd>
        </div>
        <div>
          <dt>接收者</dt>
          <dd className="mono">{touser}</dd>
        </div>
        <div>
          <dt>msgid</dt>
          <dd className="mono" data-testid="template-msgid">
            {msgid}
          </dd>
        </div>
        <div>
          <dt>发送时间</dt>
          <dd>{formatBeijingTime(send?.sentAt ?? null, true) || "—"}</dd>
        </div>
        <div>
          <dt>微信回报</dt>
          <dd data-testid="template-job-status">{send?.status ? `${send.status}（${formatBeijingTime(send.finishedAt, true)}）` : "尚未收到"}</dd>
        </div>
      </dl>
      {gaveUp && !outcome ? <p className="hint">长时间未收到 TEMPLATESENDJOBFINISH 推送：请检查服务器地址（URL）配置，稍后刷新页面查看。</p> : null}
    </section>
  );
}
