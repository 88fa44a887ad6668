"use client";

import { useState, type ReactNode } from "react";
import type { MenuProblem } from "@/lib/wechat/api/menu-validation";
import { MenuChanges } from "./menu-changes";
import type { MenuChange } from "./menu-diff";
import { pathText, problemText } from "./menu-messages";
import styles from "./menu-editor.module.css";

interface Props {
  /** The problems to show (none on a blank draft nobody has typed in yet). */
  problems: readonly MenuProblem[];
  /** The draft passes every check. */
  canPublish: boolean;
  /** The autosave's state, e.g. "草稿已自动保存（10:02:03）". */
  autosave: string;
  changes: readonly MenuChange[];
  /** The account has a live default menu. */
  hasLive: boolean;
  busy: boolean;
  status: { ok: boolean; text: string } | null;
  onPublish: () => void;
  onRead: () => void;
  onRevert: () => void;
  onRemoveAll: () => void;
}

/** Publish, read back and delete, with what stops a publish and what it would change. */
export function PublishCard({ problems, canPublish, autosave, changes, hasLive, busy, status, onPublish, onRead, onRevert, onRemoveAll }: Props): ReactNode {
  const [confirmDelete, setConfirmDelete] = useState(false);
  const valid = problems.length === 0;
  return (
    <section className={styles.card} aria-labelledby="menu-publish-title" data-testid="publish-card">
      <h2 id="menu-publish-title" className={styles.h2}>
        发布
      </h2>
      {valid ? null : (
        <div className={styles.problems} role="alert" data-testid="menu-problems">
          <p>草稿有 {problems.length} 处错误，修正后才能发布：</p>
          <ul>
            {problems.map((p) => (
              <li key={p.path}>
                {pathText(p.path)}：{problemText(p)}
              </li>
            ))}
          </ul>
        </div>
      )}
      {valid && !canPublish ? <p className={styles.note}>填写菜单名称和内容后即可发布。</p> : null}
      <MenuChanges changes={changes} hasLive={hasLive} />
      <p className={styles.note} role="status" data-testid="menu-autosave">
        {autosave}
      </p>
      <div className={styles.actions}>
        <button type="button" className={`${styles.btn} ${styles.btnPrimary}`} disabled={!canPublish || busy} onClick={onPublish} data-testid="menu-publish">
          发布到微信
        </button>
        <button type="button" className={styles.btn} disabled={busy} onClick={onRead} data-testid="menu-read">
          载入线上菜单
        </button>
        <button type="button" className={styles.btn} disabled={busy || changes.length === 0 || !hasLive} onClick={onRevert} data-testid="menu-revert">
          放弃修改
        </button>
      </div>
      <div className={styles.actions}>
        {confirmDelete ? (
          <>
            <button
              type="button"
              className={`${styles.btn} ${styles.btnDanger}`}
              disabled={busy}
              onClick={() => (setConfirmDelete(false), onRemoveAll())}
            >
              确认删除线上菜单
            </button>
            <button type="button" className={styles.btn} onClick={() => setConfirmDelete(false)}>
              取消
            </button>
          </>
        ) : (
          <button type="button" className={`${styles.btn} ${styles.btnDangerText}`} disabled={busy || !hasLive} onClick={() => setConfirmDelete(true)}>
            删除线上菜单…
          </button>
        )}
      </div>
      <p className={status?.ok === false ? styles.error : styles.ok} role="status" data-testid="menu-status">
        {status?.text ?? ""}
      </p>
    </section>
  );
}
