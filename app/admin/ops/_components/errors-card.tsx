"use client";

import { useState, type ReactNode } from "react";
import { adminRequest } from "../../_components/admin-api";
import { errcodeText, formatBeijingTime, formatUnixSeconds } from "../../_components/format";
import type { OpsError, RidRequestInfo } from "./ops-types";

const SOURCES: Record<string, string> = {
  access_token: "刷新 access_token",
  jsapi_ticket: "刷新 jsapi_ticket",
  "admin ops": "运维：额度与 IP",
  "admin refresh": "立即刷新凭证",
  "admin followers": "粉丝列表",
  "admin message": "客服消息",
  "admin template send": "发送模板消息",
  "admin templates": "模板列表",
  "admin callback check": "服务器连通性检测",
  "admin clear quota": "清空调用次数",
  "admin rid": "查询 rid",
  "admin tokens": "凭证状态",
  "admin conditional menu": "个性化菜单",
  "admin menu": "发布菜单",
  "admin menu articles": "菜单：选择图文",
  "admin menu tags": "菜单：读取标签",
  "admin qrcodes": "渠道二维码",
  "admin qrcode image": "渠道二维码图片",
  "admin media": "素材库",
  "admin media delete": "删除素材",
  "admin media preview": "素材预览",
  "admin follower sync": "同步粉丝",
  "admin follower sync status": "同步粉丝",
  "admin follower tagging": "粉丝打标签",
  "admin followers search": "搜索粉丝",
  "admin message window": "客服消息窗口",
  "admin template sends": "模板消息送达状态",
};
/** Where an error happened, in Chinese when the route is known. */
export const sourceLabel = (source: string): string => SOURCES[source] ?? "后台操作";

/** The latest WeChat errors; each rid is explained on click through rid/get. */
export function ErrorsCard({ errors }: { errors: OpsError[] | null }): ReactNode {
  return (
    <section className="card" data-testid="errors-card">
      <h2>最近的错误</h2>
      <p className="hint" style={{ marginBottom: 8 }}>
        来自凭证刷新记录和后台接口遇到的微信错误。点“查询 rid”可看到微信记录的这次请求（调用 IP、请求与返回内容）。
      </p>
      {errors === null ? (
        <p className="hint">—</p>
      ) : errors.length === 0 ? (
        <p data-testid="errors-empty">最近没有微信接口错误。</p>
      ) : (
        <ul className="error-list">
          {errors.map((e, i) => (
            <ErrorItem key={`${e.rid ?? "no-rid"}-${e.at}-${i}`} error={e} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ErrorItem({ error: e }: { error: OpsError }): ReactNode {
  const [info, setInfo] = useState<RidRequestInfo | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function explain(rid: string): Promise<void> {
    setPending(true);
    setFailure(null);
    const result = await adminRequest<{ request: RidRequestInfo }>("/api/admin/ops/rid", { method: "POST", json: { rid } });
    setPending(false);
    if (result.ok) setInfo(result.data.request);
    else setFailure(`查询失败：${result.message}`);
  }

  const known = e.errcode !== null ? errcodeText(e.errcode) : undefined;
  return (
    <li data-testid="error-item" data-errcode={e.errcode ?? ""} data-rid={e.rid ?? ""}>
      <div className="error-meta">
        <span>{formatBeijingTime(e.at, true)}</span>
        <span>{sourceLabel(e.source)}</span>
        {e.errcode !== null ? <span className="badge badge-red">errcode {e.errcode}</span> : null}
      </div>
      {known ? <p>{known}</p> : null}
      <p className="mono error-text">{e.message}</p>
      {e.rid ? (
        <button type="button" className="btn-text" disabled={pending} onClick={() => void explain(e.rid as string)} aria-expanded={info !== null} data-testid="rid-explain">
          {pending ? "查询中…" : `查询 rid ${e.rid}`}
        </button>
      ) : null}
      {failure ? <p className="result result-error" role="status">{failure}</p> : null}
      {info ? (
        <dl className="rid-info" data-testid="rid-info">
          <dt>调用时间</dt>
          <dd>{formatUnixSeconds(info.invoke_time)}（耗时 {info.cost_in_ms} ms）</dd>
          <dt>调用方 IP</dt>
          <dd className="mono" data-testid="rid-client-ip">{info.client_ip}</dd>
          {info.request_url ? (
            <>
              <dt>请求地址</dt>
              <dd><pre>{info.request_url}</pre></dd>
            </>
          ) : null}
          {info.request_body ? (
            <>
              <dt>请求内容</dt>
              <dd><pre>{info.request_body}</pre></dd>
            </>
          ) : null}
          <dt>微信返回</dt>
          <dd><pre data-testid="rid-response">{info.response_body}</pre></dd>
        </dl>
      ) : null}
    </li>
  );
}
