"use client";

import { useState, type ReactNode } from "react";
import type { LeafButton, MenuButton } from "@wxmp/wechat/api/menu-types";
import { buttonAt, isParent, type ButtonPos } from "./menu-draft";
import styles from "./menu-editor.module.css";

interface Props {
  /** The account's name, at the top of the chat as WeChat shows it (WECHAT_ACCOUNT_NAME). */
  accountName: string;
  buttons: readonly MenuButton[];
  onSelect: (pos: ButtonPos) => void;
  /** The button being edited: renamed right here on the phone. */
  selected?: ButtonPos | null;
  onRename?: (pos: ButtonPos, name: string) => void;
}

/** What a follower's tap does, in the words of the chat. */
export function tapEffect(b: LeafButton): string {
  switch (b.type) {
    case "view":
      return `打开网页 ${b.url || "（未填写）"}`;
    case "miniprogram":
      return `打开小程序 ${b.appid || "（未填写）"} 的 ${b.pagepath || "（未填写）"}`;
    case "media_id":
    case "view_limited":
      return `下发素材 ${b.media_id || "（未填写）"}`;
    case "article_id":
    case "article_view_limited":
      return `下发图文 ${b.article_id || "（未填写）"}`;
    case "click":
      return `推送点击事件，EventKey：${b.key || "（未填写）"}`;
    default:
      return `${b.type} 事件推送给服务器，EventKey：${b.key || "（未填写）"}`;
  }
}

/**
 * The chat's bottom bar as followers see it: up to three buttons, a parent opening its
 * sub-buttons above it. Tapping a button here selects it in the editor.
 */
export function MenuPreview({ accountName, buttons, onSelect, selected = null, onRename }: Props): ReactNode {
  const [open, setOpen] = useState<number | null>(null);
  const [effect, setEffect] = useState("");
  const openButton = open !== null ? buttons[open] : undefined;
  const openIndex = openButton && isParent(openButton) ? open : null;

  const tapLeaf = (b: LeafButton, pos: ButtonPos): void => {
    setOpen(null);
    setEffect(`“${b.name}”：${tapEffect(b)}`);
    onSelect(pos);
  };

  return (
    <div className={styles.phone} data-testid="menu-preview">
      <div className={styles.phoneTop} data-testid="preview-account-name">
        {accountName}
      </div>
      <div className={styles.phoneChat}>
        <p className={styles.bubble}>这是粉丝看到的菜单。点击按钮查看它的作用。</p>
        {effect ? (
          <p className={styles.effect} role="status" data-testid="preview-effect">
            {effect}
          </p>
        ) : null}
      </div>
      <div className={styles.phoneBar}>
        <span className={styles.keyboard} aria-hidden="true">
          ⌨
        </span>
        {buttons.length === 0 ? <span className={styles.phoneEmpty}>（无菜单）</span> : null}
        {buttons.map((b, i) => (
          <div key={i} className={styles.barCell}>
            {openIndex === i && isParent(b) ? (
              <ul className={styles.popup} data-testid="preview-popup">
                {b.sub_button.map((s, j) => (
                  <li key={j}>
                    <button type="button" className={styles.popupItem} onClick={() => tapLeaf(s, { top: i, sub: j })} data-testid="preview-button" data-path={`button[${i}].sub_button[${j}]`}>
                      {s.name || "（未命名）"}
                    </button>
                  </li>
                ))}
              </ul>
            ) : null}
            <button
              type="button"
              className={styles.barButton}
              data-selected={selected?.top === i && selected.sub === undefined ? true : undefined}
              aria-expanded={isParent(b) ? openIndex === i : undefined}
              onClick={() => (isParent(b) ? (setOpen(openIndex === i ? null : i), onSelect({ top: i })) : tapLeaf(b, { top: i }))}
              data-testid="preview-button"
              data-path={`button[${i}]`}
            >
              {isParent(b) ? <span aria-hidden="true">≡ </span> : null}
              {b.name || "（未命名）"}
            </button>
          </div>
        ))}
      </div>
      {selected && onRename && buttonAt(buttons, selected) ? (
        <label className={styles.inPlace}>
          <span>在手机上直接改名</span>
          <input
            className={styles.input}
            value={buttonAt(buttons, selected)!.name}
            onChange={(e) => onRename(selected, e.target.value)}
            autoComplete="off"
            data-testid="preview-rename"
          />
        </label>
      ) : null}
    </div>
  );
}
