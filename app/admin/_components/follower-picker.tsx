"use client";

import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import type { FollowerSearchPage, FollowerSuggestion } from "@/lib/console/followers/search";
import { adminRequest } from "./admin-api";
import { shortOpenid } from "./format";
import styles from "./follower-picker.module.css";

/** A pasted openid (WeChat's are 28 characters): the fallback when the operator has one at hand. */
export const PASTED_OPENID = /^o[A-Za-z0-9_-]{15,63}$/;
const PAGE = 10;
const DEBOUNCE_MS = 250;

interface Chosen {
  openid: string;
  name: string | null;
  tags: string[];
}

interface Props {
  /** The chosen follower's openid ("" while none is chosen). */
  value: string;
  onChange: (openid: string) => void;
  testId: string;
  label?: string;
}

/**
 * The send forms' recipient: a search over the synced followers by remark, tag or nickname
 * (GET /api/admin/followers/search), as a combobox — arrow keys move through the suggestions,
 * Enter chooses, Escape closes; "加载更多" pages on. The choice shows by name and a short
 * openid. A whole openid pasted is taken as it is (and named when it is a synced follower).
 */
export function FollowerPicker({ value, onChange, testId, label = "接收者" }: Props): ReactNode {
  const id = useId();
  const listId = `${id}-list`;
  const hintId = `${id}-hint`;
  const [query, setQuery] = useState("");
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<FollowerSuggestion[]>([]);
  const [nextOffset, setNextOffset] = useState<number | null>(null);
  const [total, setTotal] = useState<number | null>(null);
  const [active, setActive] = useState(-1);
  const [problem, setProblem] = useState<string | null>(null);
  const asked = useRef(0);

  const search = useCallback(async (text: string, offset: number) => {
    const ticket = ++asked.current;
    const q = new URLSearchParams({ q: text, offset: String(offset), limit: String(PAGE) });
    const result = await adminRequest<FollowerSearchPage>(`/api/admin/followers/search?${q}`);
    if (ticket !== asked.current) return; // an older answer arriving late
    if (!result.ok) {
      setProblem(`搜索失败：${result.message}`);
      return;
    }
    setProblem(null);
    setItems((shown) => (offset === 0 ? result.data.items : [...shown, ...result.data.items]));
    setNextOffset(result.data.nextOffset);
    setTotal(result.data.total);
    if (offset === 0) setActive(-1);
  }, []);

  // Names an openid set from outside (the 粉丝 list's "发消息") or pasted.
  const name = useCallback(async (openid: string) => {
    const result = await adminRequest<FollowerSearchPage>(`/api/admin/followers/search?${new URLSearchParams({ q: openid, limit: "1" })}`);
    const found = result.ok ? result.data.items.find((f) => f.openid === openid) : undefined;
    if (found) setChosen((c) => (c && c.openid === openid ? { openid, name: found.name, tags: found.tags } : c));
  }, []);

  useEffect(() => {
    if (value === (chosen?.openid ?? "")) return;
    // eslint-disable-next-line react-hooks/set-state-in-effect -- follows a value set from outside
    setChosen(value ? { openid: value, name: null, tags: [] } : null);
    if (value) {
      setQuery(value);
      void name(value);
    }
  }, [value, chosen, name]);

  useEffect(() => {
    if (!open || chosen) return;
    const timer = setTimeout(() => void search(query.trim(), 0), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query, open, chosen, search]);

  function type(text: string): void {
    setQuery(text);
    setOpen(true);
    const pasted = text.trim();
    if (PASTED_OPENID.test(pasted)) {
      setChosen({ openid: pasted, name: null, tags: [] });
      onChange(pasted);
      void name(pasted);
      setOpen(false);
      return;
    }
    if (chosen) {
      setChosen(null);
      onChange("");
    }
  }

  function choose(f: FollowerSuggestion): void {
    setChosen({ openid: f.openid, name: f.name, tags: f.tags });
    setQuery(f.name ?? f.openid);
    setOpen(false);
    onChange(f.openid);
  }

  function clear(): void {
    setChosen(null);
    setQuery("");
    onChange("");
    setOpen(true);
  }

  const options = items.length + (nextOffset !== null ? 1 : 0);
  function onKeyDown(e: KeyboardEvent<HTMLInputElement>): void {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (!open) setOpen(true);
      if (options === 0) return;
      setActive((a) => (e.key === "ArrowDown" ? (a + 1) % options : a <= 0 ? options - 1 : a - 1));
    } else if (e.key === "Enter" && open && active >= 0) {
      e.preventDefault();
      if (active < items.length) choose(items[active]!);
      else if (nextOffset !== null) void search(query.trim(), nextOffset);
    } else if (e.key === "Escape") {
      setOpen(false);
    }
  }

  const optionId = (i: number): string => `${id}-opt-${i}`;
  const expanded = open && !chosen;
  return (
    <div className="field" data-testid={`${testId}-picker`}>
      <label htmlFor={`${id}-input`} style={{ display: "block", fontSize: 14, color: "var(--muted)", marginBottom: 6 }}>
        {label}
      </label>
      <input
        id={`${id}-input`}
        className="input"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
        aria-describedby={hintId}
        value={query}
        onChange={(e) => type(e.target.value)}
        onFocus={() => setOpen(true)}
        onKeyDown={onKeyDown}
        autoCapitalize="off"
        autoComplete="off"
        spellCheck={false}
        enterKeyHint="search"
        placeholder="备注、标签或昵称"
        data-testid={testId}
      />
      <span className="hint" id={hintId}>
        输入粉丝的备注、标签或昵称，从建议中选择；也可以粘贴 openid。
      </span>
      {expanded ? (
        <ul className={styles.list} role="listbox" id={listId} aria-label="匹配的粉丝" data-testid={`${testId}-options`}>
          {items.map((f, i) => (
            <li
              key={f.openid}
              id={optionId(i)}
              role="option"
              aria-selected={i === active}
              className={styles.option}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(f)}
              data-testid="follower-option"
              data-openid={f.openid}
            >
              {f.name ?? "未备注的粉丝"}
              <span className={styles.sub}>
                {[...f.tags, shortOpenid(f.openid)].join(" · ")}
              </span>
            </li>
          ))}
          {nextOffset !== null ? (
            <li
              id={optionId(items.length)}
              role="option"
              aria-selected={active === items.length}
              className={`${styles.option} ${styles.more}`}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => void search(query.trim(), nextOffset)}
              data-testid="follower-more"
            >
              加载更多（已显示 {items.length} / {total ?? "…"}）
            </li>
          ) : null}
          {total === 0 ? (
            <li role="option" aria-selected={false} aria-disabled="true" className={styles.empty}>
              {query.trim() ? "没有匹配的粉丝。" : "还没有同步的粉丝：到“粉丝”页同步后即可搜索。"}
            </li>
          ) : null}
        </ul>
      ) : null}
      {problem ? (
        <p className="hint" role="status" style={{ color: "var(--danger-text)" }}>
          {problem}
        </p>
      ) : null}
      {chosen ? (
        <div className={styles.chosen} data-testid={`${testId}-chosen`} aria-live="polite">
          <span>已选：</span>
          <span className={styles.chosenName}>{chosen.name ?? "未备注的粉丝"}</span>
          <span className="hint mono">{shortOpenid(chosen.openid)}</span>
          {chosen.tags.length ? <span className="hint">{chosen.tags.join("、")}</span> : null}
          <button type="button" className="btn-text" onClick={clear} data-testid={`${testId}-clear`}>
            更换
          </button>
        </div>
      ) : null}
    </div>
  );
}
