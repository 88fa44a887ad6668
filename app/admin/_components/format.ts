/**
 * Display helpers for the admin dashboard. Pure and locale-independent: times are shown
 * in Beijing time (UTC+8, no daylight saving) whatever the phone's time zone, because
 * WeChat's daily quotas reset at Beijing midnight.
 */

const BEIJING_OFFSET_MS = 8 * 3600 * 1000;

const pad = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** `2024-05-01 08:30` (Beijing). `withSeconds` adds `:ss`. Empty string for a missing/invalid time. */
export function formatBeijingTime(ms: number | null | undefined, withSeconds = false): string {
  if (typeof ms !== "number" || !Number.isFinite(ms)) return "";
  const d = new Date(ms + BEIJING_OFFSET_MS);
  if (Number.isNaN(d.getTime())) return "";
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}${withSeconds ? `:${pad(d.getUTCSeconds())}` : ""}`;
  return `${date} ${time}`;
}

/** WeChat's subscribe_time is in seconds. */
export function formatUnixSeconds(seconds: number | null | undefined): string {
  return typeof seconds === "number" && seconds > 0 ? formatBeijingTime(seconds * 1000) : "";
}

/** A length of time in Chinese: `1 小时 52 分`, `3 分 20 秒`, `45 秒`. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(total / 86400);
  const hours = Math.floor((total % 86400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (days > 0) return `${days} 天 ${hours} 小时`;
  if (hours > 0) return `${hours} 小时 ${minutes} 分`;
  if (minutes > 0) return `${minutes} 分 ${seconds} 秒`;
  return `${seconds} 秒`;
}

/** `5 分钟前`, `刚刚`, `2 天前`. */
export function formatAgo(ms: number | null | undefined, now: number): string {
  if (typeof ms !== "number" || !Number.isFinite(ms)) return "";
  const diff = now - ms;
  if (diff < 60_000) return "刚刚";
  if (diff < 3600_000) return `${Math.floor(diff / 60_000)} 分钟前`;
  if (diff < 86400_000) return `${Math.floor(diff / 3600_000)} 小时前`;
  return `${Math.floor(diff / 86400_000)} 天前`;
}

/** @see https://developers.weixin.qq.com/doc/offiaccount/User_Management/Get_users_basic_information_UnionID.html */
const SCENES: Record<string, string> = {
  ADD_SCENE_SEARCH: "公众号搜索",
  ADD_SCENE_ACCOUNT_MIGRATION: "公众号迁移",
  ADD_SCENE_PROFILE_CARD: "名片分享",
  ADD_SCENE_QR_CODE: "扫描二维码",
  ADD_SCENE_PROFILE_LINK: "图文页内名称点击",
  ADD_SCENE_PROFILE_ITEM: "图文页右上角菜单",
  ADD_SCENE_PAID: "支付后关注",
  ADD_SCENE_WECHAT_ADVERTISEMENT: "微信广告",
  ADD_SCENE_REPRINT: "他人转载",
  ADD_SCENE_LIVESTREAM: "视频号直播",
  ADD_SCENE_CHANNELS: "视频号",
  ADD_SCENE_WXA: "小程序关注",
  ADD_SCENE_OTHERS: "其他",
};

/** Chinese name of a subscribe_scene code; unknown codes are shown as they are. */
export function sceneLabel(scene: string | null | undefined): string {
  if (!scene) return "未知";
  return SCENES[scene] ?? scene;
}

/** Chinese explanations of the WeChat error codes an admin meets on this dashboard. */
const ERRCODES: Record<number, string> = {
  [-1]: "微信系统繁忙，请稍后再试。",
  40001: "access_token 无效或不是最新的，可点击“立即刷新”后重试。",
  40003: "openid 无效：该用户不是本公众号的粉丝。",
  40013: "AppID 无效，请检查 WECHAT_APP_ID。",
  40014: "access_token 无效，可点击“立即刷新”后重试。",
  40125: "AppSecret 无效，请检查 WECHAT_APP_SECRET。",
  40164: "服务器 IP 不在公众号的 IP 白名单中，请在公众平台“设置与开发 → 基本配置”中添加。",
  40243: "AppSecret 已被冻结，请在公众平台解冻。",
  41001: "缺少 access_token。",
  42001: "access_token 已过期，可点击“立即刷新”后重试。",
  43004: "该粉丝未关注公众号，无法发送消息。",
  44002: "消息内容为空。",
  45002: "消息内容太长。",
  45009: "接口调用次数已达今日上限（北京时间 0 点重置）。",
  45011: "调用太频繁，请稍后再试。",
  // 45015 and 45047 are different refusals (docs/api-kf.md): the window has passed, or its allowance is spent.
  45015: "该粉丝的互动窗口已过期：粉丝发消息后 48 小时内可发 5 条，点菜单、关注或扫码后只有 1 分钟（3 条）。需等粉丝再次互动。",
  45047: "本次互动的客服消息额度已用完：粉丝点菜单、关注或扫码后 1 分钟内最多 3 条，发消息后 48 小时内最多 5 条。需等粉丝再次互动。",
  45010: "发送的消息条数已达上限，请稍后再试。",
  45016: "系统分组不允许修改。",
  45017: "分组名称太长。",
  45018: "分组数量已达上限。",
  45065: "相同 clientmsgid 的群发已在 24 小时内发送过。",
  46004: "该用户不存在。",
  47001: "请求格式有误（JSON/XML 解析失败）。",
  47003: "模板参数不符合要求，请检查各项内容。",
  48002: "粉丝已拒收公众号消息。",
  40037: "模板 ID 无效。",
  43101: "粉丝拒绝接收此消息（未订阅或已取消订阅）。",
  48001: "公众号没有该接口的权限（未认证或未开通）。",
  50005: "该粉丝未关注公众号。",
  65301: "这个个性化菜单已不存在（可能已在别处删除），请刷新后再试。",
  65303: "还没有默认菜单：请先发布默认菜单，再添加个性化菜单。",
  65305: "个性化菜单数量已达上限。",
  40018: "菜单按钮个数不符合要求（一级 1～3 个，子菜单 1～5 个）。",
};

export function errcodeText(errcode: number): string | undefined {
  return ERRCODES[errcode];
}

/** A recorded credential failure ("WeChat API error 40164: …") with a Chinese hint when known. */
export function lastErrorHint(lastError: string): string | undefined {
  const m = /WeChat API error (-?\d+)/.exec(lastError);
  if (m) return errcodeText(Number(m[1]));
  if (/did not answer within/i.test(lastError)) return "微信服务器响应超时。";
  if (/HTTP error/i.test(lastError)) return "无法连接微信服务器。";
  return undefined;
}

/** A failure is "recent" while it is the latest event or less than an hour old: shown in red. */
export function isRecentError(lastErrorAt: number | null, refreshedAt: number | null, now: number): boolean {
  if (lastErrorAt === null) return false;
  if (refreshedAt === null || lastErrorAt >= refreshedAt) return true;
  return now - lastErrorAt < 3600_000;
}

/** Shortens an openid for narrow screens: `oABC…wxyz`. */
export function shortOpenid(openid: string): string {
  return openid.length > 14 ? `${openid.slice(0, 6)}…${openid.slice(-4)}` : openid;
}
