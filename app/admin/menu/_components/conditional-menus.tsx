"use client";

import { useEffect, useId, useState, type ReactNode } from "react";
import type { MenuButton, ReadConditionalMenu } from "@wxmp/wechat/api/menu-types";
import { menuApi, type MenuResult, type Tag, type Where } from "./menu-api";
import styles from "./menu-editor.module.css";

interface Props {
  conditional: readonly ReadConditionalMenu[];
  /** The draft, published as the new conditional menu; null while it has problems. */
  draft: MenuButton[] | null;
  hasDefaultMenu: boolean;
  /** Runs a call, reports its outcome, and reads the menus back from WeChat on success. */
  run: <T>(label: string, work: () => Promise<MenuResult<T>>, where: Where) => Promise<boolean>;
  /** The last conditional call's outcome. */
  status: { ok: boolean; text: string } | null;
}

const summary = (buttons: readonly MenuButton[]): string => buttons.map((b) => b.name).join(" · ");

/** Conditional (personalised) menus by tag: list, add the draft for a tag, delete. */
export function ConditionalMenus({ conditional, draft, hasDefaultMenu, run, status }: Props): ReactNode {
  const id = useId();
  const [tags, setTags] = useState<Tag[] | null>(null);
  const [tagId, setTagId] = useState("");
  const [confirming, setConfirming] = useState<number | null>(null);

  useEffect(() => {
    let live = true;
    void menuApi.tags().then((r) => {
      if (!live) return;
      setTags(r.ok ? r.data.tags : []);
      const first = r.ok ? r.data.tags[0] : undefined;
      if (first) setTagId((t) => t || String(first.id));
    });
    return () => {
      live = false;
    };
  }, []);

  const tagName = (tag: string | undefined): string => {
    const found = tags?.find((t) => String(t.id) === tag);
    return found ? found.name : tags === null ? "…" : tag ? "已删除的标签" : "（无标签规则）";
  };

  const add = async (): Promise<void> => {
    if (!draft || !tagId) return;
    await run("个性化菜单已添加", () => menuApi.addConditional(draft, tagId), "conditional");
  };
  const remove = async (menuid: number): Promise<void> => {
    setConfirming(null);
    await run("个性化菜单已删除", () => menuApi.removeConditional(menuid), "conditional");
  };

  return (
    <section className={styles.card} aria-labelledby={`${id}-title`} data-testid="conditional-menus">
      <h2 id={`${id}-title`} className={styles.h2}>
        个性化菜单（按标签）
      </h2>
      <p className={styles.note}>带有所选标签的粉丝看到个性化菜单，其他人看到默认菜单。</p>
      {conditional.length === 0 ? <p className={styles.note}>暂无个性化菜单。</p> : null}
      <ul className={styles.condList}>
        {conditional.map((c) => (
          <li key={c.menuid} className={styles.condItem} data-testid="conditional-item">
            <div className={styles.condText}>
              <strong>{tagName(c.matchrule.tag_id)}</strong>
              <span className={styles.small}>
                {summary(c.button)}
              </span>
            </div>
            {confirming === c.menuid ? (
              <span className={styles.actions}>
                <button type="button" className={`${styles.btn} ${styles.btnDanger}`} onClick={() => void remove(c.menuid)}>
                  确认删除
                </button>
                <button type="button" className={styles.btn} onClick={() => setConfirming(null)}>
                  取消
                </button>
              </span>
            ) : (
              <button type="button" className={styles.btn} onClick={() => setConfirming(c.menuid)} aria-label={`删除“${tagName(c.matchrule.tag_id)}”的个性化菜单`}>
                删除
              </button>
            )}
          </li>
        ))}
      </ul>
      <div className={styles.condAdd}>
        <label htmlFor={`${id}-tag`} className={styles.label}>
          把当前草稿发布为此标签的个性化菜单
        </label>
        <div className={styles.actions}>
          {tags && tags.length > 0 ? (
            <select id={`${id}-tag`} className={styles.input} value={tagId} onChange={(e) => setTagId(e.target.value)} data-testid="conditional-tag">
              {tags.map((t) => (
                <option key={t.id} value={String(t.id)}>
                  {t.name}（{t.count} 人）
                </option>
              ))}
            </select>
          ) : (
            <p id={`${id}-tag`} className={styles.note} data-testid="conditional-no-tags">
              {tags === null ? "标签加载中…" : "还没有标签：先到“粉丝”页给粉丝打上标签。"}
            </p>
          )}
          <button type="button" className={`${styles.btn} ${styles.btnPrimary}`} disabled={!draft || !/^\d+$/.test(tagId) || !hasDefaultMenu} onClick={() => void add()} data-testid="conditional-add">
            添加
          </button>
        </div>
        {!hasDefaultMenu ? <p className={styles.note}>需要先发布默认菜单。</p> : !draft ? <p className={styles.note}>草稿有错误，修正后才能添加。</p> : null}
      </div>
      <p className={status?.ok === false ? styles.error : styles.ok} role="status" data-testid="conditional-status">
        {status?.text ?? ""}
      </p>
    </section>
  );
}
