"use client";

import { useEffect, useState, type ReactNode } from "react";
import styles from "../../_components/console-screen.module.css";

/** Copies a media_id and says so where the operator looks (and to screen readers). */
export function CopyButton({ value, label = "复制 media_id" }: { value: string; label?: string }): ReactNode {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");

  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), 2500);
    return () => clearTimeout(timer);
  }, [state]);

  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(value);
      setState("copied");
    } catch {
      setState("failed");
    }
  };

  return (
    <>
      <button type="button" className="btn-text" onClick={() => void copy()} data-testid="media-copy">
        {label}
      </button>
      <span role="status" className={state === "failed" ? styles.danger : styles.ok} data-testid="media-copy-status">
        {state === "copied" ? "已复制" : state === "failed" ? "复制失败，请手动选择复制" : ""}
      </span>
    </>
  );
}
