"use client";

import type { ReactNode } from "react";
import type { WxSdk } from "@/lib/jssdk-browser/wx-provider";
import { ActionButton } from "./action-button";
import { useWxAction, type ActionOutcome } from "./use-wx-action";
import { callWx, describeWxFailure } from "@/lib/jssdk-browser/wx-call";

const NETWORK_NAMES: Record<string, string> = { wifi: "Wi-Fi", "2g": "2G", "3g": "3G", "4g": "4G", "5g": "5G", none: "无网络" };

async function getNetworkType(wx: WxSdk): Promise<ActionOutcome> {
  const result = await callWx<{ networkType: string }>((cb) => wx.getNetworkType(cb));
  if (!result.ok) return { ok: false, text: describeWxFailure(result) };
  const type = String(result.res?.networkType ?? "unknown");
  return { ok: true, text: `当前网络：${NETWORK_NAMES[type] ?? type}（${type}）` };
}

export function NetworkDemo(): ReactNode {
  const action = useWxAction(getNetworkType);
  return (
    <section className="card">
      <h2>网络状态</h2>
      <p className="hint" style={{ marginBottom: 12 }}>
        调用 wx.getNetworkType 获取当前网络类型。
      </p>
      <ActionButton action={action} label="获取网络类型" pendingLabel="获取中…" testId="btn-network" resultTestId="network-result" />
    </section>
  );
}
