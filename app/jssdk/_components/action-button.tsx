"use client";

import type { ReactNode } from "react";
import { outcomeClass, type WxAction } from "./use-wx-action";

/** A demo's button and, under it, what the call gave (a status line the e2e suite reads by test id). */
export function ActionButton({ action, label, pendingLabel, testId, resultTestId }: { action: WxAction; label: string; pendingLabel: string; testId: string; resultTestId: string }): ReactNode {
  return (
    <>
      <button type="button" className="btn btn-primary" disabled={!action.enabled} onClick={action.run} data-testid={testId}>
        {action.pending ? pendingLabel : label}
      </button>
      <div className={outcomeClass(action.outcome)} data-testid={resultTestId} role="status">
        {action.outcome?.text ?? ""}
      </div>
    </>
  );
}
