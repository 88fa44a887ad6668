/**
 * The validator's problems (English with WeChat's own Chinese rule text) said in plain
 * Chinese for the operator. Unknown messages are shown as they are, never hidden.
 */
import { MENU_LIMITS, type MenuProblem } from "@wxmp/wechat/api/menu-validation";

export const FIELD_LABELS: Record<string, string> = {
  name: "名称",
  type: "类型",
  key: "菜单 KEY",
  url: "网页链接",
  appid: "小程序 AppID",
  pagepath: "小程序页面路径",
  media_id: "素材 media_id",
  article_id: "图文 article_id",
};

const got = (message: string): string => /\(got (\d+)(?: bytes)?\)/.exec(message)?.[1] ?? "?";

/**
 * WeChat counts a menu name in bytes (a Chinese character is 3, a letter 1); the operator
 * counts characters. The limit said as characters: 16 → "5 个汉字或 16 个字母".
 */
export function nameLimitText(maxBytes: number): string {
  return `${Math.floor(maxBytes / 3)} 个汉字或 ${maxBytes} 个字母`;
}

/** The room left in a name, in characters: "还能写 1 个汉字或 4 个字母", or how much to cut. */
export function nameRoom(usedBytes: number, maxBytes: number): string {
  const left = maxBytes - usedBytes;
  if (left >= 0) return left < 3 ? `还能写 ${left} 个字母` : `还能写 ${Math.floor(left / 3)} 个汉字或 ${left} 个字母`;
  return `超出了，请删去约 ${Math.ceil(-left / 3)} 个汉字`;
}

const RULES: ReadonlyArray<readonly [RegExp, (m: string, p: MenuProblem) => string]> = [
  [/^invalid button size/, (m) => `菜单需要 1～3 个一级菜单，现在有 ${got(m)} 个。`],
  [/^invalid sub button size/, (m) => `子菜单需要 1～5 个，现在有 ${got(m)} 个。`],
  [/name is required/, () => "请填写名称。"],
  [
    /^invalid button name size/,
    (m, p) => {
      const max = p.path.includes("sub_button") ? MENU_LIMITS.subNameBytes : MENU_LIMITS.topNameBytes;
      const over = Number(got(m)) - max;
      const cut = Number.isFinite(over) && over > 0 ? `，请删去约 ${Math.ceil(over / 3)} 个汉字` : "";
      return `名称过长：${p.path.includes("sub_button") ? "子菜单" : "一级菜单"}最多 ${nameLimitText(max)}${cut}。`;
    },
  ],
  [/requires key/, () => "请填写菜单 KEY（点击后随事件推送给服务器）。"],
  [/^invalid button key size/, (m) => `菜单 KEY 最多 128 个字母或数字，现在 ${got(m)} 个。`],
  [/url is required/, () => "请填写网页链接。"],
  [/^invalid button url size/, () => "网页链接太长（最多约 1000 个字母），请换一个短一些的链接。"],
  [/not an absolute URL|scheme must be http/, () => "网页链接需以 http:// 或 https:// 开头。"],
  [/requires appid/, () => "请填写小程序的 AppID（在小程序后台“开发管理 → 开发设置”中查看）。"],
  [/invalid miniprogram appid/, () => "小程序 AppID 应为 wx 加 16 位数字或小写字母 a–f，共 18 个字符。"],
  [/requires pagepath/, () => "请填写要打开的小程序页面路径，如 pages/index/index。"],
  [/requires media_id/, () => "请填写永久素材的 media_id。"],
  [/requires article_id/, () => "请填写已发布图文的 article_id。"],
  [/two levels at most/, () => "菜单最多两级：子菜单下不能再有子菜单。"],
  [/type is required|invalid button type/, () => "请选择有效的菜单类型。"],
];

/** One sentence in Chinese for a validator problem. */
export function problemText(problem: MenuProblem): string {
  for (const [pattern, say] of RULES) if (pattern.test(problem.message)) return say(problem.message, problem);
  return problem.message;
}

/** "第 2 个菜单 › 第 1 个子菜单 · 网页链接" for a validator path. */
export function pathText(path: string): string {
  const m = /^button(?:\[(\d+)\])?(?:\.sub_button(?:\[(\d+)\])?)?(?:\.(\w+))?$/.exec(path);
  if (!m) return path;
  const parts: string[] = [];
  if (m[1] !== undefined) parts.push(`第 ${Number(m[1]) + 1} 个菜单`);
  if (m[2] !== undefined) parts.push(`第 ${Number(m[2]) + 1} 个子菜单`);
  else if (path.includes(".sub_button")) parts.push("子菜单");
  const where = parts.join(" › ") || "菜单";
  return m[3] ? `${where} · ${FIELD_LABELS[m[3]] ?? m[3]}` : where;
}
