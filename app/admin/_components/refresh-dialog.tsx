"use client";

import { useRef, type ReactNode } from "react";
import { useDialogKeys } from "./use-dialog-keys";

interface Props {
  /** "authorizer": an account authorized to a third-party platform (its wording is the app half of issue 26). */
  mode?: "classic" | "stable" | "authorizer";
  onCancel: () => void;
  onConfirm: () => void;
}

/**
 * Asks before a forced refresh: each one spends daily quota (and invalidates the previous
 * access_token in classic mode). A WeUI-style dialog rather than window.confirm, whose
 * title in the WeChat browser is the page's domain.
 */
export function RefreshDialog({ mode, onCancel, onConfirm }: Props): ReactNode {
  const confirmRef = useRef<HTMLButtonElement>(null);
  useDialogKeys(onCancel, confirmRef);

  return (
    <div className="mask" onClick={onCancel} data-testid="refresh-dialog">
      <div className="dialog" role="alertdialog" aria-modal="true" aria-labelledby="refresh-title" onClick={(e) => e.stopPropagation()}>
        <h2 id="refresh-title">立即刷新凭证？</h2>
        <p>
          {mode === "stable"
            ? "将强制刷新 access_token 和 jsapi_ticket。稳定版强制刷新每天最多 20 次，请谨慎使用。"
            : "将重新获取 access_token 和 jsapi_ticket，会消耗每日调用次数（每天 2000 次），旧的 access_token 会在 5 分钟后失效。"}
        </p>
        <div className="dialog-actions">
          <button type="button" onClick={onCancel} data-testid="refresh-cancel">
            取消
          </button>
          <button type="button" ref={confirmRef} onClick={onConfirm} data-testid="refresh-confirm">
            刷新
          </button>
        </div>
      </div>
    </div>
  );
}
