"use client";

import type { ReactNode } from "react";

/** The "接收者 openid" field of the console's send forms: typed as written (no capitals, no completion, no spell check). */
export function OpenidField({ value, onChange, testId, hint }: { value: string; onChange: (value: string) => void; testId: string; hint?: { id: string; text: ReactNode } }): ReactNode {
  return (
    <label className="field">
      <span>接收者 openid</span>
      <input
        className="input mono"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        autoCapitalize="off"
        autoComplete="off"
        spellCheck={false}
        placeholder="oXXXX…"
        aria-describedby={hint?.id}
        data-testid={testId}
      />
      {hint ? (
        <span className="hint" id={hint.id}>
          {hint.text}
        </span>
      ) : null}
    </label>
  );
}
