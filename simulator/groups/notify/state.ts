/**
 * What the simulator remembers for template messages and subscribe
 * notifications: private templates, the template library, the industry,
 * one-off subscriptions granted by users, and what was sent.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Subscription_Messages/api.html
 */
import { createHash, randomBytes } from "node:crypto";
import { defineState } from "../../core/account";

export interface SimTemplate {
  template_id: string;
  title: string;
  primary_industry: string;
  deputy_industry: string;
  content: string;
  example: string;
}

/** A template of the public library, added by its short id and keyword names. */
export interface LibraryTemplate {
  short: string;
  title: string;
  /** Keyword name → the keyword's field (e.g. 商品名称 → thing2). */
  keywords: Array<[name: string, field: string]>;
}

export interface SubscribeKeyword { kid: number; name: string; example: string; rule: string }
export interface PubTemplate { tid: number; title: string; type: number; categoryId: number; keywords: SubscribeKeyword[] }
export interface SubscribeTemplate { priTmplId: string; title: string; content: string; example: string; type: number; tid: number }

export interface SentNotification {
  id: number;
  at: number;
  kind: "template" | "subscribe";
  touser: string;
  templateId: string;
  msgId: string;
  /** What the user sees after the platform applied its rules (truncation, dropped fields). */
  shown: Record<string, string>;
  clientMsgId?: string;
}

/** Industry codes 1–41: [first class, second class]. */
export const INDUSTRIES: ReadonlyArray<[string, string]> = [
  ["IT科技", "互联网|电子商务"], ["IT科技", "IT软件与服务"], ["IT科技", "IT硬件与设备"], ["IT科技", "电子技术"],
  ["IT科技", "通信与运营商"], ["IT科技", "网络游戏"], ["金融业", "银行"], ["金融业", "基金理财信托"], ["金融业", "保险"],
  ["餐饮", "餐饮"], ["酒店旅游", "酒店"], ["酒店旅游", "旅游"], ["运输与仓储", "快递"], ["运输与仓储", "物流"],
  ["运输与仓储", "仓储"], ["教育", "培训"], ["教育", "院校"], ["政府与公共事业", "学术科研"], ["政府与公共事业", "交警"],
  ["政府与公共事业", "博物馆"], ["政府与公共事业", "公共事业非盈利机构"], ["医药护理", "医药医疗"], ["医药护理", "护理美容"],
  ["医药护理", "保健与卫生"], ["交通工具", "汽车相关"], ["交通工具", "摩托车相关"], ["交通工具", "火车相关"],
  ["交通工具", "飞机相关"], ["房地产", "建筑"], ["房地产", "物业"], ["消费品", "消费品"], ["商业服务", "法律"],
  ["商业服务", "会展"], ["商业服务", "中介服务"], ["商业服务", "认证"], ["商业服务", "审计"], ["文体娱乐", "传媒"],
  ["文体娱乐", "体育"], ["文体娱乐", "娱乐休闲"], ["印刷", "印刷"], ["其它", "其它"],
];

export const LIBRARY: readonly LibraryTemplate[] = [
  { short: "TM00015", title: "订单支付成功", keywords: [["商品名称", "thing1"], ["支付金额", "amount2"], ["支付时间", "time3"]] },
  { short: "OPENTM207498902", title: "订单发货通知", keywords: [["订单编号", "character_string1"], ["商品名称", "thing2"], ["发货时间", "time3"], ["快递公司", "thing4"]] },
];

export const CATEGORIES = [{ id: 616, name: "公交" }, { id: 627, name: "浏览器" }];
export const PUB_TEMPLATES: readonly PubTemplate[] = [
  {
    tid: 99, title: "付款成功通知", type: 2, categoryId: 616,
    keywords: [
      { kid: 1, name: "物品名称", example: "公交卡充值", rule: "thing" }, { kid: 2, name: "付款金额", example: "¥20.00", rule: "amount" },
      { kid: 3, name: "付款时间", example: "2024年9月22日 12:00", rule: "time" }, { kid: 4, name: "订单状态", example: "已完成", rule: "phrase" },
    ],
  },
  {
    tid: 401, title: "订单发货提醒", type: 2, categoryId: 627,
    keywords: [
      { kid: 1, name: "订单编号", example: "A20240922", rule: "character_string" }, { kid: 2, name: "商品名称", example: "巧克力", rule: "thing" },
      { kid: 3, name: "发货时间", example: "2024年9月22日", rule: "date" }, { kid: 4, name: "快递公司", example: "顺丰", rule: "thing" },
    ],
  },
];

/** 25 private templates at most; 50 subscribe templates at most. */
export const TEMPLATE_LIMIT = 25;
export const SUBSCRIBE_TEMPLATE_LIMIT = 50;
const DEFAULT_DAILY_QUOTA = 100_000;

/** A 43-character id like WeChat's. */
export function newTemplateId(seed?: string): string {
  const bytes = seed === undefined ? randomBytes(32) : createHash("sha256").update(seed).digest();
  return bytes.toString("base64url").slice(0, 43);
}

export function contentOf(keywords: Array<[string, string]>): string {
  return keywords.map(([name, field]) => `${name}:{{${field}.DATA}}`).join("\n");
}

/** The `{{field.DATA}}` placeholders of a template's content. */
export function fieldsOf(content: string): string[] {
  return [...content.matchAll(/\{\{(\w+)\.DATA\}\}/g)].map((m) => m[1] as string);
}

export class NotifyState {
  templates: SimTemplate[];
  /** Industry codes and when they were last changed (ms; the seed is long ago). */
  industry = { id1: 1, id2: 2, changedAt: 0 };
  subscribeTemplates: SubscribeTemplate[];
  /** openid → priTmplId → one-off sends granted. */
  grants = new Map<string, Map<string, number>>();
  /** Users who blocked the account's template messages (the job ends "failed:user block"). */
  blocked = new Set<string>();
  sent: SentNotification[] = [];
  /** Template sends per Beijing day, for 45009. */
  sendsByDay = new Map<string, number>();
  dailyQuota = DEFAULT_DAILY_QUOTA;

  constructor(appId: string) {
    // Deterministic seed ids, so the demo and the tests can name them.
    const shipped = LIBRARY[1] as LibraryTemplate;
    this.templates = [{
      template_id: newTemplateId(`${appId}:shipped`), title: shipped.title, primary_industry: "IT科技", deputy_industry: "互联网|电子商务",
      content: contentOf(shipped.keywords), example: "订单编号:A20240922\n商品名称:巧克力\n发货时间:2024年9月22日 12:00\n快递公司:顺丰",
    }];
    const paid = PUB_TEMPLATES[0] as PubTemplate;
    this.subscribeTemplates = [{
      priTmplId: newTemplateId(`${appId}:paid`), title: paid.title, tid: paid.tid, type: 2,
      content: paid.keywords.map((k) => `${k.name}:{{${k.rule}${k.kid}.DATA}}`).join("\n"),
      example: paid.keywords.map((k) => `${k.name}:${k.example}`).join("\n"),
    }];
  }

  grant(openid: string, priTmplId: string, accept: boolean): void {
    const mine = this.grants.get(openid) ?? new Map<string, number>();
    this.grants.set(openid, mine);
    if (accept) mine.set(priTmplId, (mine.get(priTmplId) ?? 0) + 1);
    else mine.delete(priTmplId);
  }

  /** Uses one grant; false when the user has none left (43101). */
  consumeGrant(openid: string, priTmplId: string): boolean {
    const left = this.grants.get(openid)?.get(priTmplId) ?? 0;
    if (left <= 0) return false;
    this.grants.get(openid)?.set(priTmplId, left - 1);
    return true;
  }

  record(entry: SentNotification): void {
    this.sent.push(entry);
    if (this.sent.length > 1000) this.sent.splice(0, this.sent.length - 1000);
  }
}

export const notifyState = defineState("notify", (account) => new NotifyState(account.appId));
