"use client";

import { useState, type FormEvent, type ReactNode } from "react";
import { adminRequest } from "../../_components/admin-api";
import type { CallbackCheckResult } from "./ops-types";

const OPERATORS: Array<[string, string]> = [
  ["DEFAULT", "自动选择"],
  ["CHINANET", "电信"],
  ["UNICOM", "联通"],
  ["CAP", "腾讯自建"],
];

/** Asks WeChat to resolve and reach this server's URL (callback/check). */
export function CallbackCheckCard(): ReactNode {
  const [operator, setOperator] = useState("DEFAULT");
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<CallbackCheckResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function check(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    setPending(true);
    setError(null);
    const answer = await adminRequest<CallbackCheckResult>("/api/admin/ops/callback-check", { method: "POST", json: { action: "all", operator } });
    setPending(false);
    if (!answer.ok) {
      if (answer.unauthorized) window.location.reload();
      setResult(null);
      setError(`检测失败：${answer.message}`);
      return;
    }
    setResult(answer.data);
  }

  const reachable = result ? result.ping.length > 0 && result.ping.every((p) => p.package_loss !== "100%") : null;
  return (
    <form className="card" onSubmit={(e) => void check(e)} data-testid="callback-check-card">
      <h2>服务器连通性检测</h2>
      <p className="hint" style={{ marginBottom: 12 }}>
        请微信服务器解析并访问本服务器的 URL（公众平台“基本配置”中填写的服务器地址），确认微信能推送消息到这里。
      </p>
      <label className="field">
        <span>检测线路</span>
        <select className="input" value={operator} onChange={(e) => setOperator(e.target.value)} data-testid="callback-operator">
          {OPERATORS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="btn btn-primary" disabled={pending} data-testid="callback-check">
        {pending ? "检测中…" : "开始检测"}
      </button>
      <div className={error ? "result result-error" : "result"} role="status">
        {error ?? ""}
      </div>
      {result ? (
        <div data-testid="callback-result" data-reachable={String(reachable)}>
          <p className={reachable ? "result result-ok" : "result result-error"}>
            {reachable ? "微信可以访问本服务器。" : "微信无法访问本服务器：请检查域名解析、防火墙和服务器地址配置。"}
          </p>
          <dl className="health-rows">
            {result.dns.map((d) => (
              <div key={`dns-${d.ip}`}>
                <dt>域名解析</dt>
                <dd className="mono">
                  {d.ip}（{d.real_operator}）
                </dd>
              </div>
            ))}
            {result.ping.map((p) => (
              <div key={`ping-${p.ip}`} data-testid="callback-ping">
                <dt>访问 {p.ip}</dt>
                <dd>
                  丢包 {p.package_loss}，耗时 {p.time}（{p.from_operator}）
                </dd>
              </div>
            ))}
          </dl>
        </div>
      ) : null}
    </form>
  );
}
