/**
 * What publishing the draft would change in the live menu: buttons added, removed and
 * changed. Buttons are matched by name within their level (a parent's sub-buttons are
 * compared with the same parent's), so a reorder reads as "moved", not as remove + add;
 * a button left unmatched by name that sits where an unmatched live button sat is that
 * button renamed (when of the same kind): one "changed" (名称：a → b), not a removed and an added button.
 */
import type { MenuButton } from "@/lib/wechat/api/menu-types";
import { isParent, KIND_FIELDS, kindOf } from "./menu-draft";
import { FIELD_LABELS } from "./menu-messages";

export interface MenuChange {
  kind: "added" | "removed" | "changed";
  /** "更多 › 官网" */
  label: string;
  /** For "changed": one line per difference, e.g. "网页链接：a → b". */
  details: string[];
}

/** Pairs each draft button with the first unused live button of the same name. */
function pairByName(live: readonly MenuButton[], draft: readonly MenuButton[]): { pairs: Array<[number, number]>; added: number[]; removed: number[] } {
  const used = new Set<number>();
  const pairs: Array<[number, number]> = [];
  const added: number[] = [];
  draft.forEach((d, i) => {
    const j = live.findIndex((l, k) => !used.has(k) && l.name === d.name);
    if (j < 0) added.push(i);
    else {
      used.add(j);
      pairs.push([j, i]);
    }
  });
  const removed = live.map((_, k) => k).filter((k) => !used.has(k));
  // Renames: an unmatched draft button of the same kind in the place of an unmatched live button
  // (another kind there is a different button replacing it).
  for (const i of [...added]) {
    if (!removed.includes(i) || kindOf(live[i]!) !== kindOf(draft[i]!)) continue;
    pairs.push([i, i]);
    added.splice(added.indexOf(i), 1);
    removed.splice(removed.indexOf(i), 1);
  }
  return { pairs, added, removed };
}

function fieldChanges(live: MenuButton, draft: MenuButton): string[] {
  const a = live as unknown as Record<string, unknown>;
  const b = draft as unknown as Record<string, unknown>;
  const kind = kindOf(draft);
  if (kindOf(live) !== kind) return [`类型：${kindOf(live)} → ${kind}`];
  return KIND_FIELDS[kind]
    .filter((f) => String(a[f] ?? "") !== String(b[f] ?? ""))
    .map((f) => `${FIELD_LABELS[f] ?? f}：${String(a[f] ?? "") || "（空）"} → ${String(b[f] ?? "") || "（空）"}`);
}

function diffLevel(live: readonly MenuButton[], draft: readonly MenuButton[], prefix: string, out: MenuChange[]): void {
  const { pairs, added, removed } = pairByName(live, draft);
  const label = (b: MenuButton): string => `${prefix}${b.name}`;
  for (const k of removed) out.push({ kind: "removed", label: label(live[k]!), details: [] });
  for (const [j, i] of pairs) {
    const l = live[j]!;
    const d = draft[i]!;
    const details = fieldChanges(l, d);
    if (l.name !== d.name) details.unshift(`名称：${l.name} → ${d.name}`);
    if (j !== i) details.unshift(`位置：第 ${j + 1} 个 → 第 ${i + 1} 个`);
    if (details.length) out.push({ kind: "changed", label: label(d), details });
    if (isParent(l) && isParent(d)) diffLevel(l.sub_button, d.sub_button, `${label(d)} › `, out);
  }
  for (const i of added) out.push({ kind: "added", label: label(draft[i]!), details: [] });
}

/** The changes from the live default menu (null: none yet) to the draft, removed first. */
export function diffMenus(live: readonly MenuButton[] | null, draft: readonly MenuButton[]): MenuChange[] {
  const out: MenuChange[] = [];
  diffLevel(live ?? [], draft, "", out);
  return out;
}
