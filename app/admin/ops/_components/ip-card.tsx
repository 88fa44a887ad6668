"use client";

import type { ReactNode } from "react";
import type { OpsError, OpsOverview } from "./ops-types";

/** The outgoing IP WeChat saw on a 40164, where to whitelist it, and WeChat's own IP ranges. */
export function IpCard({ errors, overview }: { errors: OpsError[] | null; overview: OpsOverview | null }): ReactNode {
  const blocked = errors?.find((e) => e.outgoingIp !== null);
  return (
    <section className="card" data-testid="ip-card">
      <h2>出口 IP 与白名单</h2>
      {blocked ? (
        <div className="notice notice-error" data-testid="outgoing-ip-hint">
          微信拒绝了来自 <strong className="mono" data-testid="outgoing-ip">{blocked.outgoingIp}</strong> 的调用（errcode 40164：IP 不在白名单）。
          请登录微信公众平台，在“设置与开发 → 基本配置 → 公众号开发信息 → IP白名单”中添加这个 IP，几分钟后生效。
        </div>
      ) : (
        <p data-testid="outgoing-ip-ok">最近没有出现 40164（调用 IP 不在白名单）错误。服务器的出口 IP 变化后（换机器、换云厂商），需同步更新公众平台的 IP 白名单。</p>
      )}
      {overview ? (
        <>
          <h3 className="hint" style={{ marginTop: 12 }}>微信推送消息的来源 IP（服务器防火墙放行）</h3>
          <ul className="ip-list" data-testid="callback-ips">
            {overview.callbackIps.map((ip) => (
              <li key={ip} className="mono">{ip}</li>
            ))}
          </ul>
          <h3 className="hint" style={{ marginTop: 12 }}>api.weixin.qq.com 的 IP（出口防火墙放行）</h3>
          <ul className="ip-list">
            {overview.apiDomainIps.map((ip) => (
              <li key={ip} className="mono">{ip}</li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
