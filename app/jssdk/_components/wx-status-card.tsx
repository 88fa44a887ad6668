"use client";

import type { ReactNode } from "react";
import { useWx } from "@/lib/jssdk-browser/wx-provider";
import { wxStatusText } from "@/lib/jssdk-browser/wx-status-text";

/** The current `wx.config` state and the page URL it was signed for. */
export function WxStatusCard(): ReactNode {
  const { status, signedUrl, error, retry } = useWx();
  return (
    <section className="card" aria-live="polite">
      <div className="status-line">
        <span className={`dot dot-${status === "unsupported" ? "idle" : status}`} />
        <span data-testid="wx-status" data-status={status}>
          {wxStatusText(status, error)}
        </span>
      </div>
      <dl className="kv">
        <dt>签名 URL</dt>
        <dd>
          <code data-testid="wx-signed-url">{signedUrl ?? ""}</code>
          {signedUrl ? null : <span className="hint">{status === "unsupported" ? "未签名（不在微信中）" : "—"}</span>}
        </dd>
      </dl>
      {status === "error" && error ? (
        <dl className="kv">
          <dt>详情</dt>
          <dd className="hint" data-testid="wx-error">
            {error}
          </dd>
        </dl>
      ) : null}
      {status === "unsupported" ? (
        <p className="hint" style={{ marginTop: 8 }}>
          可以把本页链接发到“文件传输助手”，在微信里点开后体验下面的功能。
        </p>
      ) : null}
      {status === "error" ? (
        <button type="button" className="btn btn-mini" style={{ marginTop: 12 }} onClick={retry} data-testid="wx-retry">
          重试
        </button>
      ) : null}
    </section>
  );
}
