"use client";

import type { ReactNode } from "react";
import type { MenuChange } from "./menu-diff";
import styles from "./menu-editor.module.css";

const KIND_TEXT: Record<MenuChange["kind"], string> = { added: "新增", removed: "删除", changed: "修改" };
const KIND_CLASS: Record<MenuChange["kind"], string | undefined> = { added: styles.added, removed: styles.removed, changed: styles.changed };

/** The draft against the live menu, one line per added / removed / changed button. */
export function MenuChanges({ changes, hasLive }: { changes: readonly MenuChange[]; hasLive: boolean }): ReactNode {
  if (changes.length === 0) {
    return (
      <p className={styles.same} data-testid="diff-none">
        草稿与线上菜单一致。
      </p>
    );
  }
  return (
    <div>
      <p className={styles.note}>{hasLive ? `与线上菜单相比有 ${changes.length} 处不同：` : "线上还没有菜单，发布后将新增："}</p>
      <ul className={styles.diff} data-testid="menu-diff">
        {changes.map((c, i) => (
          <li key={i} className={KIND_CLASS[c.kind]} data-testid={`diff-${c.kind}`}>
            <span className={styles.diffTag}>{KIND_TEXT[c.kind]}</span>
            <span className={styles.diffLabel}>{c.label}</span>
            {c.details.length ? (
              <ul className={styles.diffDetails}>
                {c.details.map((d, j) => (
                  <li key={j}>{d}</li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
