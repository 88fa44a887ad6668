"use client";

import { useState, type ReactNode } from "react";
import { apiName } from "@/lib/console/ops/api-names";
import { CLEAR_QUOTA_PER_MONTH } from "@wxmp/wechat/api/operations";
import { adminRequest } from "../../_components/admin-api";
import { ClearQuotaDialog } from "./clear-quota-dialog";
import type { OpsOverview } from "./ops-types";

/** Daily limit and use per API, and the monthly-limited reset behind a confirmation. */
export function QuotaCard({ quota, onChanged }: { quota: OpsOverview["quota"] | null; onChanged: () => void }): ReactNode {
  const [asking, setAsking] = useState(false);
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);

  async function clear(): Promise<void> {
    setAsking(false);
    setPending(true);
    setOutcome(null);
    const result = await adminRequest<{ ok: true }>("/api/admin/ops/clear-quota", { method: "POST", json: { confirm: true } });
    setPending(false);
    if (result.ok) {
      setOutcome({ ok: true, text: "已清零：各接口今日的调用次数已重置。" });
      onChanged();
    } else if (result.status === 409) {
      setOutcome({ ok: false, text: `本月 ${CLEAR_QUOTA_PER_MONTH} 次清零机会已用完，下月 1 日恢复。` });
    } else {
      if (result.unauthorized) window.location.reload();
      setOutcome({ ok: false, text: `清零失败：${result.message}` });
    }
  }

  return (
    <section className="card" data-testid="quota-card">
      <h2>接口调用额度（今日）</h2>
      {quota === null ? (
        <p className="hint">—</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label="接口调用额度">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">功能</th>
                <th scope="col">已用 / 上限</th>
                <th scope="col">剩余</th>
              </tr>
            </thead>
            <tbody>
              {quota.map((q) => (
                <tr key={q.path} data-testid="quota-row" data-path={q.path}>
                  <td className="quota-name">
                    <span data-testid="quota-name">{apiName(q.path)}</span>
                    <span className="quota-path mono">{q.path}</span>
                  </td>
                  <td data-testid="quota-used">
                    {q.used.toLocaleString("zh-CN")} / {q.dailyLimit.toLocaleString("zh-CN")}
                    <span className={q.dailyLimit > 0 && q.used / q.dailyLimit > 0.8 ? "quota-bar quota-high" : "quota-bar"} style={{ margin: "4px 0 0" }}>
                      <i style={{ width: `${q.dailyLimit > 0 ? Math.min(100, (q.used / q.dailyLimit) * 100) : 0}%` }} />
                    </span>
                  </td>
                  <td>{q.remain.toLocaleString("zh-CN")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="hint" style={{ margin: "12px 0" }}>
        额度每天北京时间 0 点重置。调用次数用尽（errcode 45009）时可清零，每月最多 {CLEAR_QUOTA_PER_MONTH} 次。
      </p>
      <button type="button" className="btn btn-warn" disabled={pending} onClick={() => setAsking(true)} data-testid="clear-quota">
        {pending ? "清零中…" : "清空调用次数"}
      </button>
      <div className={outcome ? (outcome.ok ? "result result-ok" : "result result-error") : "result"} role="status" data-testid="clear-quota-result">
        {outcome?.text ?? ""}
      </div>
      {asking ? <ClearQuotaDialog onCancel={() => setAsking(false)} onConfirm={() => void clear()} /> : null}
    </section>
  );
}
