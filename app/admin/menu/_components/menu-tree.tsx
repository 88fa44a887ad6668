"use client";

import { useEffect, useRef, type ReactNode } from "react";
import type { MenuProblem } from "@wxmp/wechat/api/menu-validation";
import { MENU_LIMITS } from "@wxmp/wechat/api/menu-validation";
import type { MenuButton } from "@wxmp/wechat/api/menu-types";
import { isParent, pathOf, problemsOf, type ButtonPos } from "./menu-draft";

type RowProps = Props & { onMoved: (path: string, delta: -1 | 1) => void };
import styles from "./menu-editor.module.css";

interface Props {
  buttons: readonly MenuButton[];
  selected: ButtonPos | null;
  problems: readonly MenuProblem[];
  onSelect: (pos: ButtonPos) => void;
  onMove: (pos: ButtonPos, delta: -1 | 1) => void;
  onRemove: (pos: ButtonPos) => void;
  onAdd: (parentTop?: number) => void;
}

const samePos = (a: ButtonPos | null, b: ButtonPos): boolean => !!a && a.top === b.top && a.sub === b.sub;

/** One row: the button (select to edit) and its up / down / delete controls, usable by touch and keyboard. */
function Row({ button, pos, count, props }: { button: MenuButton; pos: ButtonPos; count: number; props: RowProps }): ReactNode {
  const index = pos.sub ?? pos.top;
  const path = pathOf(pos);
  const faulty = problemsOf(props.problems, path).length > 0;
  const name = button.name || "（未命名）";
  const move = (delta: -1 | 1): void => {
    props.onMove(pos, delta);
    props.onMoved(pathOf(pos.sub === undefined ? { top: pos.top + delta } : { top: pos.top, sub: pos.sub + delta }), delta);
  };
  return (
    <div className={`${styles.row} ${samePos(props.selected, pos) ? styles.rowSelected : ""}`}>
      <button
        type="button"
        className={styles.rowName}
        aria-pressed={samePos(props.selected, pos)}
        onClick={() => props.onSelect(pos)}
        data-testid="tree-item"
        data-path={path}
      >
        {name}
        {faulty ? (
          <span className={styles.rowError} aria-label="（有错误）">
            !
          </span>
        ) : null}
      </button>
      <button type="button" className={styles.iconBtn} aria-label={`上移“${name}”`} disabled={index === 0} onClick={() => move(-1)} data-move={`${path}:-1`}>
        ↑
      </button>
      <button type="button" className={styles.iconBtn} aria-label={`下移“${name}”`} disabled={index === count - 1} onClick={() => move(1)} data-move={`${path}:1`}>
        ↓
      </button>
      <button type="button" className={`${styles.iconBtn} ${styles.iconDanger}`} aria-label={`删除“${name}”`} onClick={() => props.onRemove(pos)}>
        ✕
      </button>
    </div>
  );
}

/** The menu as a two-level tree. */
export function MenuTree(base: Props): ReactNode {
  const { buttons } = base;
  const root = useRef<HTMLDivElement>(null);
  // After a move, focus follows the moved button (its same arrow, or the other one at an end),
  // so pressing Enter again keeps moving the same button.
  const pendingFocus = useRef<{ path: string; delta: -1 | 1 } | null>(null);
  useEffect(() => {
    const want = pendingFocus.current;
    pendingFocus.current = null;
    if (!want || !root.current) return;
    const find = (d: number) => root.current?.querySelector<HTMLButtonElement>(`[data-move="${want.path}:${d}"]`);
    const same = find(want.delta);
    (same && !same.disabled ? same : find(-want.delta))?.focus();
  }, [buttons]);
  const props: RowProps = { ...base, onMoved: (path, delta) => (pendingFocus.current = { path, delta }) };
  return (
    <div ref={root}>
      <ol className={styles.tree} aria-label="菜单结构" data-testid="menu-tree">
        {buttons.map((top, i) => (
          <li key={i}>
            <Row button={top} pos={{ top: i }} count={buttons.length} props={props} />
            {isParent(top) ? (
              <ol className={styles.subTree} aria-label={`“${top.name}”的子菜单`}>
                {top.sub_button.map((sub, j) => (
                  <li key={j}>
                    <Row button={sub} pos={{ top: i, sub: j }} count={top.sub_button.length} props={props} />
                  </li>
                ))}
                <li>
                  <button
                    type="button"
                    className={styles.addBtn}
                    disabled={top.sub_button.length >= MENU_LIMITS.subButtons}
                    onClick={() => props.onAdd(i)}
                    data-testid="add-sub"
                  >
                    ＋ 添加子菜单（{top.sub_button.length}/{MENU_LIMITS.subButtons}）
                  </button>
                </li>
              </ol>
            ) : null}
          </li>
        ))}
      </ol>
      <button type="button" className={styles.addBtn} disabled={buttons.length >= MENU_LIMITS.topButtons} onClick={() => props.onAdd()} data-testid="add-top">
        ＋ 添加一级菜单（{buttons.length}/{MENU_LIMITS.topButtons}）
      </button>
    </div>
  );
}
