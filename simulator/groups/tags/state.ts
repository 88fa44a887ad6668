/**
 * The account's tags and blacklist. Membership lives on each SimUser
 * (`tagidList`, which user/info returns); this keeps the tag names and the
 * blacklist.
 * @see https://developers.weixin.qq.com/doc/offiaccount/User_Management/User_Tag_Management.html
 */
import { defineState } from "../../core/account";
import type { SimUser, UserDirectory } from "../../core/users";

export const TAG_LIMIT = 100;
export const TAGS_PER_USER = 20;
export const TAG_NAME_MAX = 30;
/** 0 未分组, 1 黑名单, 2 星标组: WeChat refuses to change them (45058). */
export const RESERVED_TAGS = new Set([0, 1, 2]);
/** Tags with more followers than this cannot be deleted directly (45057). */
export const DELETE_FOLLOWER_LIMIT = 100_000;

export interface SimTag {
  id: number;
  name: string;
}

export class TagState {
  /** 星标组 (2) exists on every account, like on WeChat; created tags start at 100. */
  readonly tags = new Map<number, SimTag>([[2, { id: 2, name: "星标组" }]]);
  /** Blacklisted openids in the order they were added (getblacklist pages in this order). */
  readonly blacklist = new Set<string>();
  private nextId = 100;

  constructor(private readonly users: UserDirectory) {}

  /** Created tags, not counting the default 星标组 (WeChat's limit of 100 counts these). */
  createdCount(): number {
    return [...this.tags.keys()].filter((id) => !RESERVED_TAGS.has(id)).length;
  }

  create(name: string): SimTag {
    const tag = { id: this.nextId++, name };
    this.tags.set(tag.id, tag);
    return tag;
  }

  hasName(name: string, exceptId?: number): boolean {
    return [...this.tags.values()].some((t) => t.name === name && t.id !== exceptId);
  }

  /** Followers carrying `tagid`, in follower order. */
  members(tagid: number): SimUser[] {
    return this.users.followers().filter((u) => u.tagidList.includes(tagid));
  }

  remove(tagid: number): void {
    this.tags.delete(tagid);
    for (const user of this.users.all) user.tagidList = user.tagidList.filter((id) => id !== tagid);
  }
}

/** Made with the account's users of the moment: a reset re-seeds both. */
export const tagState = defineState("tags", (account) => new TagState(account.users));
