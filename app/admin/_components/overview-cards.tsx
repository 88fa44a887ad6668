"use client";

import Link from "next/link";
import { useCallback, useEffect, useState, type ReactNode } from "react";
import type { Overview } from "@/lib/console/overview/service";
import { sourceLabel } from "../ops/_components/errors-card";
import { adminRequest } from "./admin-api";
import { errcodeText, formatBeijingTime } from "./format";
import styles from "./overview.module.css";

/** Reloaded while the page is visible, so the figures follow the pushes without a button. */
const RELOAD_MS = 30_000;

const TEMPLATE_OUTCOMES: Record<string, string> = {
  user_block: "粉丝已拒收本公众号的消息。",
  system_failed: "微信系统原因，未送达。",
};

const signed = (n: number): string => (n > 0 ? `+${n}` : String(n));
const shortDay = (day: string): string => day.slice(5); // "2024-05-10" → "05-10"

/** The operator's overview: today's followers and messages, the week, top channels, failed sends, errors. */
export function OverviewCards({ onUnauthorized }: { onUnauthorized: () => void }): ReactNode {
  const [data, setData] = useState<Overview | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [range, setRange] = useState<"today" | "week">("today");

  const load = useCallback(async () => {
    const result = await adminRequest<Overview>("/api/admin/overview");
    if (!result.ok) {
      if (result.unauthorized) onUnauthorized();
      setProblem(`概览加载失败：${result.message}`);
      return;
    }
    setProblem(null);
    setData(result.data);
  }, [onUnauthorized]);

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the initial fetch
    void load();
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") void load();
    }, RELOAD_MS);
    return () => clearInterval(timer);
  }, [load]);

  const today = data?.today;
  const channels = data ? data.channels[range] : [];
  return (
    <div data-testid="overview">
      {problem ? (
        <div className="notice notice-error" role="alert" data-testid="overview-problem">
          {problem}
        </div>
      ) : null}
      <section className="card" aria-labelledby="overview-today">
        <div className="card-head">
          <h2 id="overview-today">今日</h2>
          <span className="hint">{data ? `更新于 ${formatBeijingTime(data.now).slice(11)}` : "加载中…"}</span>
        </div>
        <dl className={styles.stats}>
          <div className={styles.stat}>
            <dt>新增关注</dt>
            <dd data-testid="overview-new">{today?.subscribe ?? "—"}</dd>
          </div>
          <div className={styles.stat}>
            <dt>取消关注</dt>
            <dd data-testid="overview-lost">{today?.unsubscribe ?? "—"}</dd>
          </div>
          <div className={styles.stat}>
            <dt>净增关注</dt>
            <dd data-testid="overview-net" className={today ? (today.net > 0 ? styles.up : today.net < 0 ? styles.down : undefined) : undefined}>
              {today ? signed(today.net) : "—"}
            </dd>
          </div>
          <div className={styles.stat}>
            <dt>收到消息</dt>
            <dd data-testid="overview-messages">{today?.message ?? "—"}</dd>
          </div>
        </dl>
      </section>

      <div className={styles.grid}>
        <section className="card" aria-labelledby="overview-week">
          <h2 id="overview-week">近 7 天</h2>
          {data ? (
            <table className={styles.week} data-testid="overview-week">
              <thead>
                <tr>
                  <th scope="col">日期</th>
                  <th scope="col">新增</th>
                  <th scope="col">取关</th>
                  <th scope="col">净增</th>
                  <th scope="col">消息</th>
                </tr>
              </thead>
              <tbody>
                {data.week.map((d) => (
                  <tr key={d.day}>
                    <td>{d.day === data.today.day ? "今天" : shortDay(d.day)}</td>
                    <td>{d.subscribe}</td>
                    <td>{d.unsubscribe}</td>
                    <td>{signed(d.net)}</td>
                    <td>{d.message}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr data-testid="overview-week-total">
                  <td>合计</td>
                  <td>{data.weekTotals.subscribe}</td>
                  <td>{data.weekTotals.unsubscribe}</td>
                  <td>{signed(data.weekTotals.net)}</td>
                  <td>{data.weekTotals.message}</td>
                </tr>
              </tfoot>
            </table>
          ) : (
            <p className="hint">—</p>
          )}
        </section>

        <section className="card" aria-labelledby="overview-channels">
          <div className="card-head">
            <h2 id="overview-channels">渠道排行</h2>
            <Link href="/admin/qrcodes" className="btn-text">
              全部渠道
            </Link>
          </div>
          <div className={styles.switch} role="group" aria-label="时间范围">
            <button type="button" className="btn btn-mini" aria-pressed={range === "today"} onClick={() => setRange("today")} data-testid="channels-today">
              今日
            </button>
            <button type="button" className="btn btn-mini" aria-pressed={range === "week"} onClick={() => setRange("week")} data-testid="channels-week">
              近 7 天
            </button>
          </div>
          {channels.length === 0 ? (
            <p className="hint" data-testid="channels-empty">
              {range === "today" ? "今天还没有人通过渠道二维码关注。" : "近 7 天还没有人通过渠道二维码关注。"}
            </p>
          ) : (
            <ol className={styles.channels} data-testid="overview-channels-list">
              {channels.map((c) => (
                <li key={c.id} data-testid="overview-channel" data-scene={c.scene}>
                  <span className={styles.channelName}>{c.name ?? `场景 ${c.scene}`}</span>
                  <span className={styles.count}>
                    新关注 <strong>{c.subscribes}</strong> · 扫码 {c.scans}
                  </span>
                </li>
              ))}
            </ol>
          )}
        </section>

        <section className="card" aria-labelledby="overview-failed">
          <h2 id="overview-failed">今日发送失败</h2>
          <dl className={styles.failures}>
            <div>
              <dt>模板消息</dt>
              <dd data-testid="failed-template">{data?.failedSends.template.today ?? "—"}</dd>
            </div>
            <div>
              <dt>客服消息</dt>
              <dd data-testid="failed-cs">{data?.failedSends.customerService.today ?? "—"}</dd>
            </div>
          </dl>
          <ul className="error-list" data-testid="failed-list">
            {data?.failedSends.template.items.map((f) => (
              <li key={f.msgid} data-testid="failed-template-item">
                <div className="error-meta">
                  <span>{formatBeijingTime(f.at)}</span>
                  <span>模板消息</span>
                </div>
                <p>{TEMPLATE_OUTCOMES[f.outcome] ?? `未送达（${f.status}）。`}</p>
              </li>
            ))}
            {data?.failedSends.customerService.items.map((e, i) => (
              <li key={`${e.rid ?? ""}-${e.at}-${i}`} data-testid="failed-cs-item" data-errcode={e.errcode ?? ""}>
                <div className="error-meta">
                  <span>{formatBeijingTime(e.at)}</span>
                  <span>客服消息</span>
                </div>
                <p>{(e.errcode !== null ? errcodeText(e.errcode) : undefined) ?? "微信拒绝了这条消息。"}</p>
                {e.rid ? <p className={styles.rid}>rid：{e.rid}</p> : null}
              </li>
            ))}
          </ul>
          {data && data.failedSends.template.today + data.failedSends.customerService.today === 0 ? <p className="hint">今天没有发送失败的消息。</p> : null}
        </section>

        <section className="card" aria-labelledby="overview-errors">
          <div className="card-head">
            <h2 id="overview-errors">最近的错误</h2>
            <Link href="/admin/ops" className="btn-text">
              到运维查看
            </Link>
          </div>
          {data && data.errors.length === 0 ? (
            <p className="hint" data-testid="overview-errors-empty">
              最近没有微信接口错误。
            </p>
          ) : (
            <ul className="error-list">
              {data?.errors.map((e, i) => (
                <li key={`${e.rid ?? ""}-${e.at}-${i}`} data-testid="overview-error" data-errcode={e.errcode ?? ""} data-rid={e.rid ?? ""}>
                  <div className="error-meta">
                    <span>{formatBeijingTime(e.at)}</span>
                    <span>{sourceLabel(e.source)}</span>
                    {e.errcode !== null ? <span className="badge badge-red">错误码 {e.errcode}</span> : null}
                  </div>
                  <p>{(e.errcode !== null ? errcodeText(e.errcode) : undefined) ?? "微信返回了错误，可到运维页查询 rid 了解详情。"}</p>
                  {e.rid ? <p className={styles.rid}>rid：{e.rid}</p> : null}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </div>
  );
}
