/** Where the consent-page demo lands: shows what the app's callback would receive. */
import { escapeHtml } from "../core/http";
import { BASE_CSS } from "./styles";

export interface DemoCallbackInput {
  code: string | null;
  state: string | null;
  /** The grant behind the code (redeemed by the simulator itself for the demo). */
  grant?: { openid: string; scope: string; snapshot: boolean; nickname?: string; avatarUrl?: string };
  error?: string;
}

export function renderDemoCallback(input: DemoCallbackInput): string {
  let body: string;
  if (!input.code) {
    body = `<h1 data-testid="demo-result">用户拒绝了授权</h1><p class="muted">回调只带 state=${escapeHtml(input.state ?? "")}，没有 code。</p>`;
  } else if (!input.grant) {
    body = `<h1 data-testid="demo-result">code 无效</h1><p class="muted">${escapeHtml(input.error ?? "")}</p>`;
  } else {
    const g = input.grant;
    const who = g.snapshot ? "快照页虚拟用户（is_snapshotuser=1）" : (g.nickname ?? g.openid);
    const img = g.avatarUrl && !g.snapshot ? `<img class="avatar" src="${escapeHtml(g.avatarUrl)}" width="64" height="64" alt="" style="margin:0 auto 12px">` : "";
    body = `${img}<h1 data-testid="demo-result">授权成功：${escapeHtml(who)}</h1>
<p class="muted">code=${escapeHtml(input.code)} · state=${escapeHtml(input.state ?? "")}</p>
<p class="muted">openid=${escapeHtml(g.openid)} · scope=${escapeHtml(g.scope)}</p>`;
  }
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>授权回调演示</title>
<style>${BASE_CSS} main{max-width:480px;margin:0 auto;padding:56px 24px;text-align:center} h1{font-size:20px;font-weight:500}</style></head>
<body><main>${body}<p><a href="/" data-testid="demo-back">返回模拟器</a></p></main></body></html>`;
}
