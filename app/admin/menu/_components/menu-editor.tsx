"use client";

import { useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import type { MenuButton } from "@wxmp/wechat/api/menu-types";
import { findMenuProblem } from "@wxmp/wechat/api/menu-validation";
import { ButtonForm } from "./button-form";
import { ConditionalMenus } from "./conditional-menus";
import { menuApi, type LiveMenus, type MenuResult, type Where } from "./menu-api";
import { diffMenus } from "./menu-diff";
import { addButton, blankLeaf, buttonAt, menuProblems, moveButton, removeButton, replaceAt, type ButtonPos } from "./menu-draft";
import { pathText, problemText } from "./menu-messages";
import { MenuPreview } from "./menu-preview";
import { MenuTree } from "./menu-tree";
import { PublishCard } from "./publish-card";
import styles from "./menu-editor.module.css";

/** The outcome of the last call, shown in the card that made it. */
type Status = { ok: boolean; text: string; where: Where } | null;

/** Where the selection goes when the button at `pos` moves by `delta` (it follows the button). */
const shifted = (pos: ButtonPos, delta: number): ButtonPos => (pos.sub === undefined ? { top: pos.top + delta } : { top: pos.top, sub: pos.sub + delta });

/**
 * The menu editor: a draft edited as a tree, checked by the library's validator as you type,
 * previewed as followers see it, compared with the live menu, then published and read back.
 */
export function MenuEditor(): ReactNode {
  const [live, setLive] = useState<LiveMenus | null>(null);
  const [draft, setDraft] = useState<MenuButton[]>([]);
  const [selected, setSelected] = useState<ButtonPos | null>(null);
  const [status, setStatus] = useState<Status>(null);
  const [busy, setBusy] = useState(false);

  const problems = useMemo(() => menuProblems(draft), [draft]);
  const valid = problems.length === 0 && findMenuProblem({ button: draft }) === null;
  const changes = useMemo(() => diffMenus(live?.menu?.button ?? null, draft), [live, draft]);
  const selectedButton = selected ? buttonAt(draft, selected) : undefined;

  const readBack = useCallback(async (resetDraft: boolean): Promise<boolean> => {
    const r = await menuApi.read();
    if (!r.ok) {
      setStatus({ ok: false, where: "publish", text: r.unauthorized ? "管理会话已失效，请回到管理后台重新登录。" : r.message });
      return false;
    }
    setLive(r.data);
    if (resetDraft) {
      setDraft(r.data.menu?.button ?? [blankLeaf("菜单")]);
      setSelected({ top: 0 });
    }
    return true;
  }, []);

  useEffect(() => {
    // The first read fills the draft with the live menu: an async load is what this effect is for.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void readBack(true);
  }, [readBack]);

  // Unpublished edits live only in this tab: ask before the tab is closed or left.
  const unpublished = live !== null && changes.length > 0;
  useEffect(() => {
    if (!unpublished) return;
    const warn = (event: BeforeUnloadEvent): void => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [unpublished]);

  /** One call at a time; on success the menus are read back from WeChat, so the diff shows the truth. */
  const run = useCallback(
    async <T,>(done: string, work: () => Promise<MenuResult<T>>, where: Where = "publish"): Promise<boolean> => {
      setBusy(true);
      setStatus(null);
      const r = await work();
      if (!r.ok) {
        setBusy(false);
        setStatus({ ok: false, where, text: r.path ? `${pathText(r.path)}：${problemText({ path: r.path, message: r.message })}` : r.message });
        return false;
      }
      const read = await readBack(false);
      setBusy(false);
      if (read) setStatus({ ok: true, where, text: `${done}，已从微信读回确认。` });
      return read;
    },
    [readBack],
  );

  const edit = (next: MenuButton[], select: ButtonPos | null): void => {
    setDraft(next);
    setSelected(select);
  };
  const onAdd = (parentTop?: number): void => {
    const added = addButton(draft, parentTop);
    if (added) edit(added.buttons, added.pos);
  };
  const onRemove = (pos: ButtonPos): void => edit(removeButton(draft, pos), pos.sub === undefined ? null : { top: pos.top });
  const onMove = (pos: ButtonPos, delta: -1 | 1): void => edit(moveButton(draft, pos, delta), shifted(pos, delta));
  const readNow = async (): Promise<void> => {
    setBusy(true);
    if (await readBack(false)) setStatus({ ok: true, where: "publish", text: "已从微信读取线上菜单。" });
    setBusy(false);
  };

  if (!live) {
    return (
      <p className={status ? styles.error : styles.note} role={status ? "alert" : "status"}>
        {status?.text ?? "正在从微信读取菜单…"}
      </p>
    );
  }

  return (
    <div className={styles.layout}>
      <div className={styles.colMain}>
        <section className={styles.card} aria-labelledby="menu-tree-title">
          <h2 id="menu-tree-title" className={styles.h2}>
            菜单结构
          </h2>
          <MenuTree buttons={draft} selected={selected} problems={problems} onSelect={setSelected} onMove={onMove} onRemove={onRemove} onAdd={onAdd} />
          {problems.some((p) => p.path === "button") ? <p className={styles.fieldError}>{problemText(problems.find((p) => p.path === "button")!)}</p> : null}
          {selected && selectedButton ? (
            <ButtonForm button={selectedButton} pos={selected} problems={problems} onChange={(b) => setDraft(replaceAt(draft, selected, b))} />
          ) : (
            <p className={styles.note}>选择一个菜单进行编辑。</p>
          )}
        </section>
      </div>
      <div className={styles.colSide}>
        <section className={styles.card} aria-labelledby="menu-preview-title">
          <h2 id="menu-preview-title" className={styles.h2}>
            预览
          </h2>
          <MenuPreview buttons={draft} onSelect={setSelected} />
        </section>
        <PublishCard
          problems={problems}
          changes={changes}
          hasLive={live.menu !== null}
          busy={busy}
          status={status?.where === "publish" ? status : null}
          onPublish={() => void run("菜单已发布", () => menuApi.publish(draft))}
          onRead={() => void readNow()}
          onRevert={() => edit(live.menu?.button ?? [], { top: 0 })}
          onRemoveAll={() => void run("线上菜单（含个性化菜单）已删除", () => menuApi.removeAll())}
        />
        <ConditionalMenus status={status?.where === "conditional" ? status : null} conditional={live.conditional} draft={valid ? draft : null} hasDefaultMenu={live.menu !== null} run={run} />
      </div>
    </div>
  );
}
