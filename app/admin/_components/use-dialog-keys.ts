"use client";

import { useEffect, useRef, type RefObject } from "react";

/**
 * A modal dialog's keyboard: the button `focus` names gets the focus when the dialog opens (the
 * safe choice where the action is costly), and Escape cancels, whatever `onCancel` is by then.
 */
export function useDialogKeys(onCancel: () => void, focus: RefObject<HTMLButtonElement | null>): void {
  const cancelRef = useRef(onCancel);
  useEffect(() => {
    cancelRef.current = onCancel;
  });
  useEffect(() => {
    focus.current?.focus();
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === "Escape") cancelRef.current();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [focus]);
}
