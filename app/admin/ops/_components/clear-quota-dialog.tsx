"use client";

import { useRef, type ReactNode } from "react";
import { useDialogKeys } from "../../_components/use-dialog-keys";
import { CLEAR_QUOTA_PER_MONTH } from "@wxmp/wechat/api/operations";

/** Asks before spending one of the month's resets (WeUI-style, like the token refresh dialog). */
export function ClearQuotaDialog({ onCancel, onConfirm }: { onCancel: () => void; onConfirm: () => void }): ReactNode {
  // Focus on "取消": the safe choice for an action with a monthly limit.
  const cancelButton = useRef<HTMLButtonElement>(null);
  useDialogKeys(onCancel, cancelButton);

  return (
    <div className="mask" onClick={onCancel} data-testid="clear-quota-dialog">
      <div className="dialog" role="alertdialog" aria-modal="true" aria-labelledby="clear-quota-title" aria-describedby="clear-quota-desc" onClick={(e) => e.stopPropagation()}>
        <h2 id="clear-quota-title">清空接口调用次数？</h2>
        <p id="clear-quota-desc">
          将把本公众号所有接口今日的调用次数清零。<strong>每个公众号每月最多清零 {CLEAR_QUOTA_PER_MONTH} 次</strong>
          （公众平台与接口清零合计），请只在额度用尽时使用。
        </p>
        <div className="dialog-actions">
          <button type="button" ref={cancelButton} onClick={onCancel} data-testid="clear-quota-cancel">
            取消
          </button>
          <button type="button" onClick={onConfirm} data-testid="clear-quota-confirm">
            确认清零
          </button>
        </div>
      </div>
    </div>
  );
}
