"use client";

import { useId, type ReactNode } from "react";
import { MENU_LIMITS, type MenuProblem } from "@wxmp/wechat/api/menu-validation";
import type { MenuButton } from "@wxmp/wechat/api/menu-types";
import { KIND_FIELDS, KIND_LABELS, kindOf, pathOf, problemsOf, utf8Bytes, withKind, type ButtonKind, type ButtonPos } from "./menu-draft";
import { FIELD_LABELS, nameRoom, problemText } from "./menu-messages";
import { AssetPicker } from "./asset-picker";
import styles from "./menu-editor.module.css";

interface Props {
  button: MenuButton;
  pos: ButtonPos;
  problems: readonly MenuProblem[];
  onChange: (button: MenuButton) => void;
}

const PLACEHOLDERS: Record<string, string> = {
  key: "如 MENU_TODAY，点击时作为 EventKey 推送",
  url: "https://",
  appid: "如 wx286b93c14bbf93aa",
  pagepath: "如 pages/index/index",
  media_id: "媒体库中永久素材的 media_id",
  article_id: "发布后获得的 article_id",
};

/** A mini program button's fields said for the operator: the url is the fallback page. */
const MINIPROGRAM_LABELS: Record<string, string> = { appid: "小程序 AppID", pagepath: "小程序页面路径", url: "备用网页" };
const MINIPROGRAM_HINTS: Record<string, string> = {
  appid: "wx 开头，共 18 个字符，在小程序后台“开发管理 → 开发设置”中复制。",
  pagepath: "点按钮后打开的页面，如 pages/index/index。",
  url: "不支持小程序的旧版微信会打开这个网页，需以 http:// 或 https:// 开头。",
};

/** One labelled input with its inline problem (aria-invalid + aria-describedby). */
function Field(props: { id: string; label: string; value: string; problem?: MenuProblem; hint?: string; help?: string; placeholder?: string; onChange: (v: string) => void; field: string }): ReactNode {
  const errorId = `${props.id}-error`;
  const helpId = `${props.id}-help`;
  const describedBy = [props.help ? helpId : "", props.problem ? errorId : ""].filter(Boolean).join(" ");
  return (
    <div className={styles.field}>
      <label htmlFor={props.id} className={styles.label}>
        {props.label}
        {props.hint ? <span className={styles.counter}>{props.hint}</span> : null}
      </label>
      <input
        id={props.id}
        className={styles.input}
        value={props.value}
        placeholder={props.placeholder}
        aria-invalid={props.problem ? true : undefined}
        aria-describedby={describedBy || undefined}
        onChange={(e) => props.onChange(e.target.value)}
        data-testid={`field-${props.field}`}
        autoComplete="off"
        autoCapitalize="off"
        spellCheck={false}
      />
      {props.help ? (
        <p id={helpId} className={styles.note}>
          {props.help}
        </p>
      ) : null}
      {props.problem ? (
        <p id={errorId} className={styles.fieldError} data-testid="field-error">
          {problemText(props.problem)}
        </p>
      ) : null}
    </div>
  );
}

/** The selected button's name, kind and the fields that kind needs. */
export function ButtonForm({ button, pos, problems, onChange }: Props): ReactNode {
  const id = useId();
  const path = pathOf(pos);
  const own = problemsOf(problems, path);
  const at = (field: string) => own.find((p) => p.path === `${path}.${field}`);
  const kind = kindOf(button);
  const maxName = pos.sub === undefined ? MENU_LIMITS.topNameBytes : MENU_LIMITS.subNameBytes;
  const values = button as unknown as Record<string, unknown>;
  const kinds = pos.sub === undefined ? KIND_LABELS : KIND_LABELS.filter(([k]) => k !== "sub");
  const listProblem = own.find((p) => p.path === `${path}.sub_button`);

  return (
    <fieldset className={styles.form} data-testid="button-form">
      <legend className={styles.legend}>{pos.sub === undefined ? `编辑第 ${pos.top + 1} 个一级菜单` : `编辑子菜单（第 ${pos.sub + 1} 个）`}</legend>
      <Field
        id={`${id}-name`}
        field="name"
        label="名称"
        hint={nameRoom(utf8Bytes(button.name), maxName)}
        value={button.name}
        problem={at("name")}
        onChange={(name) => onChange({ ...button, name })}
      />
      <div className={styles.field}>
        <label htmlFor={`${id}-kind`} className={styles.label}>
          类型
        </label>
        <select id={`${id}-kind`} className={styles.input} value={kind} onChange={(e) => onChange(withKind(button, e.target.value as ButtonKind))} data-testid="field-kind">
          {kinds.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        {at("type") ? <p className={styles.fieldError}>{problemText(at("type")!)}</p> : null}
      </div>
      {KIND_FIELDS[kind].map((field) => (
        <div key={field}>
          <Field
          id={`${id}-${field}`}
          field={field}
          label={(kind === "miniprogram" ? MINIPROGRAM_LABELS[field] : undefined) ?? FIELD_LABELS[field] ?? field}
          help={kind === "miniprogram" ? MINIPROGRAM_HINTS[field] : undefined}
          placeholder={PLACEHOLDERS[field]}
          value={typeof values[field] === "string" ? (values[field] as string) : ""}
          problem={at(field)}
          onChange={(v) => onChange({ ...button, [field]: v } as MenuButton)}
          />
          {field === "media_id" || field === "article_id" ? (
            <AssetPicker kind={field === "media_id" ? "media" : "article"} onPick={(v) => onChange({ ...button, [field]: v } as MenuButton)} />
          ) : null}
        </div>
      ))}
      {kind === "sub" ? <p className={styles.note}>此按钮点开后显示子菜单，在“菜单结构”中添加、排序子菜单。</p> : null}
      {kind === "miniprogram" ? (
        <p className={styles.note} data-testid="miniprogram-note">
          公众号需先关联这个小程序（公众平台“广告与服务 → 小程序管理”）才能发布。微信没有提供列出已关联小程序的接口，请从小程序后台复制 AppID。
        </p>
      ) : null}
      {listProblem ? <p className={styles.fieldError}>{problemText(listProblem)}</p> : null}
    </fieldset>
  );
}
