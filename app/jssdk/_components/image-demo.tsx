"use client";

import type { ReactNode } from "react";
import type { WxSdk } from "@/lib/jssdk-browser/wx-provider";
import { ActionButton } from "./action-button";
import { useWxAction, type ActionOutcome } from "./use-wx-action";
import { callWx, describeWxFailure } from "@/lib/jssdk-browser/wx-call";

async function chooseImage(wx: WxSdk): Promise<ActionOutcome> {
  const result = await callWx<{ localIds: string[] | string }>(
    (cb) => wx.chooseImage({ count: 9, sizeType: ["compressed"], sourceType: ["album", "camera"], ...cb }),
    // The user may take a while in the picker; only a silent bridge should time out.
    5 * 60_000,
  );
  if (!result.ok) return { ok: false, text: describeWxFailure(result) };
  const raw = result.res?.localIds;
  // jweixin already parses Android's JSON string; be tolerant anyway.
  const ids: string[] = Array.isArray(raw) ? raw : typeof raw === "string" ? safeParseIds(raw) : [];
  // Shown as <img src=localId>: Android WeChat loads wxlocalresource:// itself; on iOS the
  // load fails and jweixin swaps in getLocalImgData (through the global wx the provider sets).
  return { ok: true, text: `已选择 ${ids.length} 张图片：${ids.join("，")}`, images: ids };
}

function safeParseIds(raw: string): string[] {
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? parsed.map(String) : [raw];
  } catch {
    return [raw];
  }
}

export function ImageDemo(): ReactNode {
  const action = useWxAction(chooseImage);
  return (
    <section className="card">
      <h2>选择图片</h2>
      <p className="hint" style={{ marginBottom: 12 }}>
        调用 wx.chooseImage 从相册选图或拍照，返回图片的 localId（可用于 uploadImage 上传到微信服务器）。
      </p>
      <ActionButton action={action} label="选择图片" pendingLabel="等待选择…" testId="btn-choose-image" resultTestId="image-result" />
      {action.outcome?.images?.length ? (
        <div className="thumbs">
          {action.outcome.images.map((id) => (
            // eslint-disable-next-line @next/next/no-img-element -- wxlocalresource:// ids are not optimisable URLs
            <img key={id} src={id} alt="已选择的图片" width={72} height={72} />
          ))}
        </div>
      ) : null}
    </section>
  );
}
