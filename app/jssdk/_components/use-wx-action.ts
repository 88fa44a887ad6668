"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useWx, type WxSdk } from "@/lib/jssdk-browser/wx-provider";

export interface ActionOutcome {
  ok: boolean;
  text: string;
  /** Image localIds to show (chooseImage). */
  images?: string[];
}

export interface WxAction {
  /** The SDK can be called (configured inside WeChat) and no call is running. */
  enabled: boolean;
  pending: boolean;
  outcome: ActionOutcome | null;
  run: () => void;
}

/**
 * One demo button's state: disabled unless `wx.config` succeeded (outside WeChat the
 * buttons are inert, not broken), one call at a time, result kept for the screen.
 */
export function useWxAction(action: (wx: WxSdk) => Promise<ActionOutcome>): WxAction {
  const { status, wx } = useWx();
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<ActionOutcome | null>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const ready = status === "ready" && wx !== undefined;
  const run = useCallback((): void => {
    if (!ready || !wx || pending) return;
    setPending(true);
    action(wx)
      .catch((error: unknown): ActionOutcome => ({ ok: false, text: `调用失败：${error instanceof Error ? error.message : String(error)}` }))
      .then((result) => {
        if (!mounted.current) return;
        setOutcome(result);
        setPending(false);
      });
  }, [action, ready, wx, pending]);

  return { enabled: ready && !pending, pending, outcome, run };
}

export function outcomeClass(outcome: ActionOutcome | null): string {
  if (!outcome) return "result";
  return outcome.ok ? "result result-ok" : "result result-error";
}
