/**
 * The simulated account's users: a deterministic seed of followers (same
 * openids for the same AppID on every run) plus a few non-followers who can
 * still sign in through OAuth.
 */
import { createHash } from "node:crypto";

/** One simulated WeChat user as the account sees them. */
export interface SimUser {
  openid: string;
  unionid?: string;
  nickname: string;
  sex: 0 | 1 | 2;
  province: string;
  city: string;
  /** 1 while following the account. */
  subscribe: 0 | 1;
  /** Seconds since the epoch. */
  subscribeTime: number;
  subscribeScene: string;
  qrScene: number;
  qrSceneStr: string;
  remark: string;
  tagidList: number[];
  /** Avatar background colour. */
  color: string;
  /** Last message/event the user sent (ms), for the 48-hour customer-service window. */
  lastInboundAt?: number;
}

export const DEFAULT_FOLLOWER_COUNT = 250;

const CURATED: Array<[string, 1 | 2, string, string]> = [
  ["测试用户小明", 1, "广东", "深圳"],
  ["测试用户小红", 2, "浙江", "杭州"],
  ["张伟", 1, "北京", "北京"],
  ["王芳", 2, "上海", "上海"],
  ["李娜", 2, "四川", "成都"],
  ["刘洋", 1, "湖北", "武汉"],
  ["陈静", 2, "江苏", "南京"],
  ["杨磊", 1, "陕西", "西安"],
];
const SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜";
const GIVEN = ["子涵", "浩然", "欣怡", "梓轩", "雨桐", "宇航", "思远", "佳怡", "俊杰", "晓燕", "建国", "丽娟", "海波", "婷婷", "志强", "雪梅"];
const PLACES: Array<[string, string]> = [["广东", "广州"], ["福建", "厦门"], ["山东", "青岛"], ["湖南", "长沙"], ["重庆", "重庆"], ["天津", "天津"]];
const SCENES = [
  "ADD_SCENE_SEARCH", "ADD_SCENE_QR_CODE", "ADD_SCENE_PROFILE_CARD", "ADD_SCENE_ACCOUNT_MIGRATION",
  "ADD_SCENE_PROFILE_LINK", "ADD_SCENE_PROFILE_ITEM", "ADD_SCENE_WECHAT_ADVERTISEMENT", "ADD_SCENE_OTHERS",
];
const COLORS = ["#07C160", "#10AEFF", "#FA9D3B", "#FA5151", "#6467F0", "#1485EE", "#B2B2B2", "#91D300"];

function hash(input: string): string {
  return createHash("sha256").update(input).digest("base64url");
}

/** A 28-character openid: 'o', a per-account prefix (as real openids share one), then per-user characters. */
function makeOpenid(appId: string, index: number | string): string {
  return `o${hash(`prefix:${appId}`).slice(0, 5)}${hash(`openid:${appId}:${index}`).slice(0, 22)}`;
}

function makeUser(appId: string, index: number, baseTime: number): SimUser {
  const curated = CURATED[index];
  const place = PLACES[index % PLACES.length] ?? ["", ""];
  const scene = SCENES[index % SCENES.length] ?? "ADD_SCENE_OTHERS";
  const user: SimUser = {
    openid: makeOpenid(appId, index),
    nickname: curated ? curated[0] : `${SURNAMES[index % SURNAMES.length]}${GIVEN[(index * 7) % GIVEN.length]}${index}`,
    sex: curated ? curated[1] : ((index % 2) + 1) as 1 | 2,
    province: curated ? curated[2] : place[0],
    city: curated ? curated[3] : place[1],
    subscribe: 1,
    // Deterministic, spread over the past: one follower per ~3 days before the base date.
    subscribeTime: baseTime - index * 259_200 - (index % 97) * 613,
    subscribeScene: scene,
    qrScene: scene === "ADD_SCENE_QR_CODE" ? 10_000 + index : 0,
    qrSceneStr: scene === "ADD_SCENE_QR_CODE" && index % 2 === 0 ? `campaign_${index}` : "",
    remark: index % 25 === 3 ? "VIP 客户" : "",
    tagidList: index % 10 === 0 ? [2] : [],
    color: COLORS[index % COLORS.length] ?? "#07C160",
  };
  // Only accounts bound to an Open Platform account get unionids; make most users have one.
  if (index % 3 !== 2) user.unionid = `o${hash(`unionid:${index}`).slice(0, 27)}`;
  return user;
}

/** Seeds `followers` following users and two non-followers (for OAuth). */
export function seedUsers(appId: string, followers: number = DEFAULT_FOLLOWER_COUNT): SimUser[] {
  const baseTime = 1_735_689_600; // 2025-01-01T00:00:00Z, so every subscribe_time lies in the past
  const users: SimUser[] = [];
  for (let i = 0; i < followers; i++) users.push(makeUser(appId, i, baseTime));
  const visitors: Array<[string, 1 | 2]> = [["游客小李", 1], ["游客小周", 2]];
  visitors.forEach(([nickname, sex], n) => {
    const user = makeUser(appId, followers + n, baseTime);
    users.push({ ...user, nickname, sex, subscribe: 0, subscribeTime: 0, subscribeScene: "", qrScene: 0, qrSceneStr: "", remark: "", tagidList: [] });
  });
  return users;
}

/** The virtual "snapshot page" user WeChat hands out when a page is opened as a Moments snapshot. */
export function snapshotOpenid(appId: string): string {
  return makeOpenid(appId, "snapshot");
}

/** Lookup and follower list over the seeded users. */
export class UserDirectory {
  private readonly byOpenid = new Map<string, SimUser>();
  readonly all: SimUser[];

  constructor(users: SimUser[]) {
    this.all = users;
    for (const user of users) this.byOpenid.set(user.openid, user);
  }

  get(openid: string): SimUser | undefined {
    return this.byOpenid.get(openid);
  }

  /** Current followers in subscription order, as cgi-bin/user/get lists them. */
  followers(): SimUser[] {
    return this.all.filter((user) => user.subscribe === 1);
  }

  /** Adds a user first seen in a pushed event (e.g. a subscribe from an unknown openid). */
  ensure(openid: string, nickname = "新用户"): SimUser {
    const existing = this.byOpenid.get(openid);
    if (existing) return existing;
    const user: SimUser = {
      openid, nickname, sex: 0, province: "", city: "", subscribe: 0, subscribeTime: 0,
      subscribeScene: "ADD_SCENE_OTHERS", qrScene: 0, qrSceneStr: "", remark: "", tagidList: [], color: "#B2B2B2",
    };
    this.all.push(user);
    this.byOpenid.set(openid, user);
    return user;
  }
}

/** Openids are 28 characters of [A-Za-z0-9_-]; anything else is "invalid openid" (40003). */
export function isWellFormedOpenid(openid: string): boolean {
  return /^[A-Za-z0-9_-]{28}$/.test(openid);
}
