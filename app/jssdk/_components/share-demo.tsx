"use client";

import { useCallback, useState, type ReactNode } from "react";
import type { WxSdk } from "@/lib/jssdk-browser/wx-provider";
import { ActionButton } from "./action-button";
import { useWxAction, type ActionOutcome } from "./use-wx-action";
import { callWx, describeWxFailure } from "@/lib/jssdk-browser/wx-call";

const DEFAULT_TITLE = "公众号网页示例";
const DEFAULT_DESC = "Next.js 微信公众号工具包：网页授权、JS-SDK、消息推送";

/** The share link must be on a JS-SDK safe domain: this page's own URL, without the fragment. */
function shareTarget(): { link: string; imgUrl: string } {
  const link = window.location.href.split("#", 1)[0] ?? window.location.href;
  // app/jssdk/icon.png: served by Next at /jssdk/icon.png (also the favicon of these pages).
  return { link, imgUrl: `${window.location.origin}/jssdk/icon.png` };
}

export function ShareDemo(): ReactNode {
  const [title, setTitle] = useState(DEFAULT_TITLE);
  const [desc, setDesc] = useState(DEFAULT_DESC);

  const setup = useCallback(
    async (wx: WxSdk): Promise<ActionOutcome> => {
      const { link, imgUrl } = shareTarget();
      const shareTitle = title.trim() || DEFAULT_TITLE;
      const [friend, timeline] = await Promise.all([
        callWx<unknown>((cb) => wx.updateAppMessageShareData({ title: shareTitle, desc: desc.trim(), link, imgUrl, ...cb })),
        callWx<unknown>((cb) => wx.updateTimelineShareData({ title: shareTitle, link, imgUrl, ...cb })),
      ]);
      const line = (label: string, r: typeof friend): string => `${label}：${r.ok ? "已设置" : describeWxFailure(r)}`;
      return {
        ok: friend.ok && timeline.ok,
        text: `${line("发送给朋友", friend)}；${line("分享到朋友圈", timeline)}`,
      };
    },
    [title, desc],
  );
  const action = useWxAction(setup);

  return (
    <section className="card">
      <h2>自定义分享</h2>
      <p className="hint" style={{ marginBottom: 12 }}>
        调用 updateAppMessageShareData 和 updateTimelineShareData。设置后点右上角“···”分享给朋友或朋友圈，即可看到下面的标题和描述。
      </p>
      <label className="field">
        <span>分享标题</span>
        <input className="input" value={title} maxLength={64} onChange={(e) => setTitle(e.target.value)} data-testid="share-title" />
      </label>
      <label className="field">
        <span>分享描述（发送给朋友时显示）</span>
        <textarea className="input" rows={2} style={{ minHeight: 0 }} value={desc} maxLength={120} onChange={(e) => setDesc(e.target.value)} data-testid="share-desc" />
      </label>
      <ActionButton action={action} label="设置分享内容" pendingLabel="设置中…" testId="btn-share" resultTestId="share-result" />
    </section>
  );
}
