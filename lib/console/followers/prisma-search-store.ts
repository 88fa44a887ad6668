import "server-only";
import type { Db } from "../../db/client";
import { decodeTagIds } from "./prisma-sync-store";
import type { FollowerSearchStore } from "./search";

/** Nicknames matched per search at most: enough for a picker, bounded for the IN list. */
const NICKNAME_MATCHES = 200;

/** The synced followers of one account (Follower, subscribed), with nicknames from web authorization (WechatUser). */
export function createPrismaFollowerSearchStore(db: Db, appId: string): FollowerSearchStore {
  return {
    async search({ text, tagIds, offset, limit }) {
      const byNickname = text
        ? await db.wechatUser.findMany({ where: { appId, nickname: { contains: text } }, select: { openid: true }, take: NICKNAME_MATCHES })
        : [];
      const or = text
        ? [
            { openid: text },
            { remark: { contains: text } },
            ...(byNickname.length ? [{ openid: { in: byNickname.map((u) => u.openid) } }] : []),
            ...tagIds.map((id) => ({ tagIds: { contains: `,${id},` } })),
          ]
        : undefined;
      const where = { appId, subscribe: 1, ...(or ? { OR: or } : {}) };
      const [rows, total] = await Promise.all([
        db.follower.findMany({ where, orderBy: [{ subscribeTime: "desc" }, { openid: "asc" }], skip: offset, take: limit }),
        db.follower.count({ where }),
      ]);
      const users = rows.length
        ? await db.wechatUser.findMany({ where: { openid: { in: rows.map((r) => r.openid) } }, select: { openid: true, nickname: true } })
        : [];
      const nicknames = new Map(users.map((u) => [u.openid, u.nickname]));
      return {
        total,
        items: rows.map((r) => ({
          openid: r.openid,
          remark: r.remark || null,
          nickname: nicknames.get(r.openid) ?? null,
          tagIds: decodeTagIds(r.tagIds),
          subscribeTime: r.subscribeTime?.getTime() ?? null,
        })),
      };
    },
  };
}
