"use client";

import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import type { MenuButton } from "@wxmp/wechat/api/menu-types";
import { findMenuProblem } from "@wxmp/wechat/api/menu-validation";
import { ButtonForm } from "./button-form";
import { ConditionalMenus } from "./conditional-menus";
import { menuApi, saveDraft, saveDraftOnLeave, type LiveMenus, type MenuResult, type SavedDraft, type Where } from "./menu-api";
import { diffMenus } from "./menu-diff";
import { addButton, blankLeaf, buttonAt, menuProblems, moveButton, removeButton, replaceAt, type ButtonPos } from "./menu-draft";
import { pathText, problemText } from "./menu-messages";
import { MenuPreview } from "./menu-preview";
import { MenuTree } from "./menu-tree";
import { PublishCard } from "./publish-card";
import styles from "./menu-editor.module.css";

/** The outcome of the last call, shown in the card that made it. */
type Status = { ok: boolean; text: string; where: Where } | null;

/** What the server holds of the draft: its JSON (to tell unsaved edits) and revision (null: no draft stored). */
type Saved = { json: string; revision: number | null; at: number | null };

/** Edits are saved this long after the last keystroke. */
const AUTOSAVE_MS = 800;

const timeText = (ms: number): string => new Date(ms).toLocaleTimeString("zh-CN", { hour12: false, timeZone: "Asia/Shanghai" });

/** Where the selection goes when the button at `pos` moves by `delta` (it follows the button). */
const shifted = (pos: ButtonPos, delta: number): ButtonPos => (pos.sub === undefined ? { top: pos.top + delta } : { top: pos.top, sub: pos.sub + delta });

/**
 * The menu editor: a draft edited as a tree, checked by the library's validator as you type,
 * previewed as followers see it, compared with the live menu, then published and read back.
 */
export function MenuEditor({ accountName }: { accountName: string }): ReactNode {
  const [live, setLive] = useState<LiveMenus | null>(null);
  const [draft, setDraft] = useState<MenuButton[]>([]);
  const [selected, setSelected] = useState<ButtonPos | null>(null);
  const [status, setStatus] = useState<Status>(null);
  const [busy, setBusy] = useState(false);
  // Autosave: what the server holds, whether a save is under way, and a newer draft from another tab.
  const [saved, setSaved] = useState<Saved>({ json: "[]", revision: null, at: null });
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<{ draft: SavedDraft | null } | null>(null);
  const [restored, setRestored] = useState<{ at: number; liveMoved: boolean } | null>(null);
  // A blank draft nobody has typed in yet shows no errors (publishing stays disabled).
  const [pristine, setPristine] = useState(false);

  const problems = useMemo(() => menuProblems(draft), [draft]);
  const valid = problems.length === 0 && findMenuProblem({ button: draft }) === null;
  const shownProblems = pristine ? [] : problems;
  const changes = useMemo(() => diffMenus(live?.menu?.button ?? null, draft), [live, draft]);
  const selectedButton = selected ? buttonAt(draft, selected) : undefined;
  const draftJson = JSON.stringify(draft);
  const unsaved = live !== null && draftJson !== saved.json;

  /** Puts a menu in the editor as the starting point (nothing unsaved). */
  const startFrom = useCallback((buttons: MenuButton[], revision: number | null, at: number | null): void => {
    setDraft(buttons);
    setSaved({ json: JSON.stringify(buttons), revision, at });
    setSelected({ top: 0 });
  }, []);

  const readBack = useCallback(
    async (resetDraft: boolean): Promise<boolean> => {
      const r = await menuApi.read();
      if (!r.ok) {
        setStatus({ ok: false, where: "publish", text: r.unauthorized ? "管理会话已失效，请回到管理后台重新登录。" : r.message });
        return false;
      }
      setLive(r.data);
      if (resetDraft) {
        const fresh = r.data.menu === null;
        // Loading the live menu over a stored draft: the draft goes (the next autosave deletes it).
        setDraft(r.data.menu?.button ?? [blankLeaf("菜单")]);
        setSelected({ top: 0 });
        setPristine(fresh);
        setRestored(null);
      }
      return true;
    },
    [],
  );

  useEffect(() => {
    // The first load: the live menu, and the autosaved draft when there is one (it wins: it is the newer work).
    const load = async (): Promise<void> => {
      const [menus, stored] = await Promise.all([menuApi.read(), menuApi.draft()]);
      if (!menus.ok) {
        setStatus({ ok: false, where: "publish", text: menus.unauthorized ? "管理会话已失效，请回到管理后台重新登录。" : menus.message });
        return;
      }
      setLive(menus.data);
      const d = stored.ok ? stored.data.draft : null;
      if (d) {
        startFrom(d.menu.button, d.revision, d.updatedAt);
        setRestored({ at: d.updatedAt, liveMoved: JSON.stringify(d.base?.button ?? null) !== JSON.stringify(menus.data.menu?.button ?? null) });
        return;
      }
      const fresh = menus.data.menu === null;
      startFrom(menus.data.menu?.button ?? [blankLeaf("菜单")], null, null);
      setPristine(fresh);
    };
    // An async load is what this effect is for.
    void load();
  }, [startFrom]);

  // Autosave a moment after the last edit; a draft back to the live menu is deleted instead.
  useEffect(() => {
    if (!live || !unsaved || saving || conflict) return;
    const timer = window.setTimeout(() => {
      const json = draftJson;
      const buttons = draft;
      setSaving(true);
      const same = changes.length === 0;
      void (async () => {
        if (same) {
          if (saved.revision !== null) await menuApi.discardDraft();
          setSaved({ json, revision: null, at: Date.now() });
        } else {
          const r = await saveDraft(buttons, live.menu, saved.revision);
          if (r.ok) {
            setSaved({ json, revision: r.revision, at: r.updatedAt });
            setSaveError(null);
          } else if (r.conflict !== undefined) setConflict({ draft: r.conflict });
          else setSaveError(r.message);
        }
        setSaving(false);
      })();
    }, AUTOSAVE_MS);
    return () => window.clearTimeout(timer);
  }, [live, unsaved, saving, conflict, draftJson, draft, changes.length, saved.revision]);

  // Leaving the page with edits not yet saved: the browser asks first.
  useEffect(() => {
    if (!unsaved) return;
    const warn = (event: BeforeUnloadEvent): void => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [unsaved]);

  // Leaving the editor inside the console (another tab of it): the pending edits are saved on the way out.
  const pending = useRef<{ unsaved: boolean; draft: MenuButton[]; base: LiveMenus["menu"]; revision: number | null; same: boolean }>({ unsaved: false, draft: [], base: null, revision: null, same: true });
  useEffect(() => {
    pending.current = { unsaved: unsaved && !conflict, draft, base: live?.menu ?? null, revision: saved.revision, same: changes.length === 0 };
  });
  useEffect(
    () => () => {
      const p = pending.current;
      if (p.unsaved && !p.same) saveDraftOnLeave(p.draft, p.base, p.revision);
    },
    [],
  );

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

  /** Every edit: the draft changes, a past success ("已发布") no longer describes it, and errors may show. */
  const change = (next: MenuButton[]): void => {
    setDraft(next);
    setPristine(false);
    setStatus((s) => (s?.ok ? null : s));
  };
  const edit = (next: MenuButton[], select: ButtonPos | null): void => {
    change(next);
    setSelected(select);
  };
  const onAdd = (parentTop?: number): void => {
    const added = addButton(draft, parentTop);
    if (added) edit(added.buttons, added.pos);
  };
  const onRemove = (pos: ButtonPos): void => edit(removeButton(draft, pos), pos.sub === undefined ? null : { top: pos.top });
  const onMove = (pos: ButtonPos, delta: -1 | 1): void => edit(moveButton(draft, pos, delta), shifted(pos, delta));
  /** 载入线上菜单: the live menu replaces the draft in the editor (asked first when that drops edits). */
  const loadLive = async (): Promise<void> => {
    if (changes.length > 0 && !window.confirm("用线上菜单替换编辑器中的草稿？草稿中未发布的修改将丢失。")) return;
    setBusy(true);
    if (await readBack(true)) setStatus({ ok: true, where: "publish", text: "已载入线上菜单，可在此基础上修改。" });
    setBusy(false);
  };
  const publish = async (): Promise<void> => {
    const json = draftJson;
    if (await run("菜单已发布", () => menuApi.publish(draft))) {
      // Publishing cleared the stored draft on the server.
      setSaved({ json, revision: null, at: null });
      setRestored(null);
    }
  };
  const resolveConflict = (keepMine: boolean): void => {
    const theirs = conflict?.draft ?? null;
    setConflict(null);
    if (keepMine) {
      // Overwrite: save again on top of the stored revision (none when it was published or discarded).
      setSaved((s) => ({ ...s, json: "", revision: theirs?.revision ?? null }));
      return;
    }
    if (theirs) startFrom(theirs.menu.button, theirs.revision, theirs.updatedAt);
    else void readBack(true);
  };
  const autosaveText = conflict
    ? ""
    : saveError
      ? `草稿未保存：${saveError}`
      : saving
        ? "正在保存草稿…"
        : unsaved
          ? "有修改尚未保存…"
          : saved.revision !== null && saved.at
            ? `草稿已自动保存（${timeText(saved.at)}），刷新或离开页面不会丢失。`
            : "";


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
        {restored ? (
          <div className={styles.card} role="status" data-testid="menu-restored">
            <p className={styles.note}>
              已恢复 {timeText(restored.at)} 自动保存、尚未发布的草稿。{restored.liveMoved ? "此后线上菜单有变化，发布前请核对“与线上菜单相比”的改动。" : ""}
            </p>
          </div>
        ) : null}
        {conflict ? (
          <div className={styles.card} role="alert" data-testid="menu-conflict">
            <p className={styles.error}>{conflict.draft ? "另一个窗口已保存了更新的草稿。" : "草稿已在另一个窗口发布或放弃。"}</p>
            <div className={styles.actions}>
              <button type="button" className={styles.btn} onClick={() => resolveConflict(false)}>
                {conflict.draft ? "载入那份草稿" : "载入线上菜单"}
              </button>
              <button type="button" className={styles.btn} onClick={() => resolveConflict(true)}>
                保留我的修改
              </button>
            </div>
          </div>
        ) : null}
        <section className={styles.card} aria-labelledby="menu-tree-title">
          <h2 id="menu-tree-title" className={styles.h2}>
            菜单结构
          </h2>
          <MenuTree buttons={draft} selected={selected} problems={shownProblems} onSelect={setSelected} onMove={onMove} onRemove={onRemove} onAdd={onAdd} />
          {shownProblems.some((p) => p.path === "button") ? <p className={styles.fieldError}>{problemText(shownProblems.find((p) => p.path === "button")!)}</p> : null}
          {selected && selectedButton ? (
            <ButtonForm button={selectedButton} pos={selected} problems={shownProblems} onChange={(b) => change(replaceAt(draft, selected, b))} />
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
          <MenuPreview
            accountName={accountName}
            buttons={draft}
            onSelect={setSelected}
            selected={selected}
            onRename={(pos, name) => {
              const b = buttonAt(draft, pos);
              if (b) change(replaceAt(draft, pos, { ...b, name }));
            }}
          />
        </section>
        <PublishCard
          problems={shownProblems}
          canPublish={valid}
          autosave={autosaveText}
          changes={changes}
          hasLive={live.menu !== null}
          busy={busy}
          status={status?.where === "publish" ? status : null}
          onPublish={() => void publish()}
          onRead={() => void loadLive()}
          onRevert={() => edit(live.menu?.button ?? [], { top: 0 })}
          onRemoveAll={() => void run("线上菜单（含个性化菜单）已删除", () => menuApi.removeAll())}
        />
        <ConditionalMenus status={status?.where === "conditional" ? status : null} conditional={live.conditional} draft={valid ? draft : null} hasDefaultMenu={live.menu !== null} run={run} />
      </div>
    </div>
  );
}
