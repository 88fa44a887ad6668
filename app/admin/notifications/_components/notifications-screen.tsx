"use client";

import { useCallback, useEffect, useMemo, useState, type FormEvent, type ReactNode } from "react";
import { parseConsoleTemplateSend } from "@/lib/console/templates/send-input";
import { adminRequest } from "../../_components/admin-api";
import { fieldProblems, templateData, templateFields } from "./template-fields";
import { SendStatus } from "./send-status";
import { FollowerPicker } from "../../_components/follower-picker";

/** A private template as GET /api/admin/templates lists it. */
interface PrivateTemplate {
  template_id: string;
  title: string;
  content: string;
  example: string;
}


/** Pick a template, fill its keywords (checked as you type), send a test, then watch its delivery status. */
export function NotificationsScreen(): ReactNode {
  const [templates, setTemplates] = useState<PrivateTemplate[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [templateId, setTemplateId] = useState("");
  const [values, setValues] = useState<Record<string, string>>({});
  const [touser, setTouser] = useState("");
  const [url, setUrl] = useState("");
  const [pending, setPending] = useState(false);
  const [sendError, setSendError] = useState<string | null>(null);
  const [sent, setSent] = useState<{ msgid: string; title: string; touser: string } | null>(null);

  const load = useCallback(async () => {
    setLoadError(null);
    const result = await adminRequest<{ template_list?: PrivateTemplate[] }>("/api/admin/templates");
    if (!result.ok) {
      if (result.unauthorized) window.location.reload();
      setLoadError(`模板列表加载失败：${result.message}`);
      return;
    }
    const list = result.data.template_list ?? [];
    setTemplates(list);
    setTemplateId((current) => current || list[0]?.template_id || "");
  }, []);
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the initial fetch
    void load();
  }, [load]);

  const template = templates?.find((t) => t.template_id === templateId);
  const fields = useMemo(() => templateFields(template?.content ?? ""), [template]);
  const problems = fieldProblems(fields, values);
  const touched = (key: string): boolean => values[key] !== undefined;

  async function send(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (!template) return;
    const body = { templateId: template.template_id, touser: touser.trim(), data: templateData(fields, values), ...(url.trim() ? { url: url.trim() } : {}) };
    // The same check the server runs, so the operator sees the field before anything is sent.
    const checked = parseConsoleTemplateSend(body);
    const firstField = fields.find((f) => problems[f.key]);
    if (firstField || !checked.ok) {
      setSent(null);
      setValues((v) => Object.fromEntries(fields.map((f) => [f.key, v[f.key] ?? ""])));
      setSendError(firstField ? `“${firstField.label}”：${problems[firstField.key]}` : checked.ok ? null : fieldMessage(checked.field, checked.message));
      return;
    }
    setPending(true);
    setSendError(null);
    // A new send replaces the last one's result: an old 送达成功 must not sit under a new error.
    setSent(null);
    const result = await adminRequest<{ msgid: string }>("/api/admin/templates/send", { method: "POST", json: body });
    setPending(false);
    if (!result.ok) {
      if (result.unauthorized) window.location.reload();
      setSendError(`发送失败：${result.message}`);
      return;
    }
    setSent({ msgid: result.data.msgid, title: template.title, touser: body.touser });
  }

  if (loadError) {
    return (
      <div className="notice notice-error" role="alert" data-testid="templates-error">
        {loadError}{" "}
        <button type="button" className="btn-text" onClick={() => void load()}>
          重试
        </button>
      </div>
    );
  }
  if (templates === null) return <p className="hint" role="status">正在加载模板…</p>;
  if (templates.length === 0) {
    return <div className="notice notice-info" data-testid="templates-empty">公众号还没有模板。请先在公众平台“广告与服务 → 模板消息”中添加模板。</div>;
  }

  return (
    <>
      <form className="card" onSubmit={(e) => void send(e)} noValidate data-testid="template-form">
        <h2>发送测试模板消息</h2>
        <label className="field">
          <span>模板</span>
          <select
            className="input"
            value={templateId}
            onChange={(e) => {
              setTemplateId(e.target.value);
              setValues({});
              setSendError(null);
              setSent(null);
            }}
            data-testid="template-select"
          >
            {templates.map((t) => (
              <option key={t.template_id} value={t.template_id}>
                {t.title}
              </option>
            ))}
          </select>
        </label>
        {template?.example ? (
          <p className="hint template-example" data-testid="template-example">
            示例：{template.example}
          </p>
        ) : null}
        <fieldset className="template-fields">
          <legend>模板内容（每项不超过 20 个字，不能换行）</legend>
          {fields.map((f) => {
            const problem = touched(f.key) ? problems[f.key] : undefined;
            const id = `field-${f.key}`;
            return (
              <div className="field" key={f.key}>
                <label htmlFor={id}>
                  {f.label} <code>{f.key}</code>
                </label>
                <input
                  id={id}
                  className="input"
                  value={values[f.key] ?? ""}
                  onChange={(e) => setValues((v) => ({ ...v, [f.key]: e.target.value }))}
                  aria-invalid={problem ? true : undefined}
                  aria-describedby={problem ? `${id}-problem` : undefined}
                  data-testid={`template-field-${f.key}`}
                />
                {problem ? (
                  <span className="field-problem" id={`${id}-problem`} data-testid={`template-field-${f.key}-problem`}>
                    {problem}
                  </span>
                ) : null}
              </div>
            );
          })}
        </fieldset>
        <FollowerPicker value={touser} onChange={setTouser} testId="template-touser" />
        <label className="field">
          <span>点击后打开的链接（可选）</span>
          <input className="input" value={url} onChange={(e) => setUrl(e.target.value)} inputMode="url" placeholder="https://…" data-testid="template-url" />
        </label>
        <button type="submit" className="btn btn-primary" disabled={pending} data-testid="template-send">
          {pending ? "发送中…" : "发送测试"}
        </button>
        <div className={sendError ? "result result-error" : "result"} role="status" data-testid="template-send-error">
          {sendError ?? ""}
        </div>
      </form>
      {sent ? <SendStatus key={sent.msgid} {...sent} /> : null}
    </>
  );
}

/** The shape check's field, in the form's words. */
function fieldMessage(field: string, message: string): string {
  if (field === "touser") return "请先选择接收消息的粉丝。";
  if (field === "url") return "链接需以 http:// 或 https:// 开头。";
  return message;
}
