import { beforeEach, describe, expect, it } from "vitest";
import { getJson, manualClock, postJson, sharedSimulator } from "../../testing/test-support";

const clock = manualClock();
let followers: string[];

const t = sharedSimulator({ clock: clock.now, followers: 120 });
beforeEach(() => {
  followers = t.sim.account.users.followers().map((u) => u.openid);
});

const api = (path: string, body?: unknown): Promise<Record<string, unknown>> =>
  body === undefined ? getJson(`${t.sim.url}/cgi-bin/${path}?access_token=${t.token}`) : postJson(`${t.sim.url}/cgi-bin/${path}?access_token=${t.token}`, body);

async function createTag(name: string): Promise<number> {
  const res = await api("tags/create", { tag: { name } });
  return (res.tag as { id: number }).id;
}

describe("tags", () => {
  it("create, read back with counts, rename, delete", async () => {
    const created = await api("tags/create", { tag: { name: "广东" } });
    const id = (created.tag as { id: number }).id;
    expect(created.tag).toEqual({ id, name: "广东" });
    expect(id).toBeGreaterThanOrEqual(100);
    expect(await api("tags/members/batchtagging", { openid_list: followers.slice(0, 3), tagid: id })).toMatchObject({ errcode: 0 });
    const tags = (await api("tags/get")).tags as Array<{ id: number; name: string; count: number }>;
    // Seeded followers 0, 10, 20, … carry 星标组 (2).
    expect(tags).toEqual([{ id: 2, name: "星标组", count: 12 }, { id, name: "广东", count: 3 }]);
    expect(await api("tags/update", { tag: { id, name: "广东人" } })).toMatchObject({ errcode: 0 });
    expect(await api("tags/delete", { tag: { id } })).toMatchObject({ errcode: 0 });
    expect((await api("tags/get")).tags).toEqual([{ id: 2, name: "星标组", count: 12 }]);
    // Deleting a tag removes it from its followers.
    expect(await api("tags/getidlist", { openid: followers[1] })).toEqual({ tagid_list: [] });
  });

  it("names: 45157 duplicate or empty, 45158 over 30 characters; 30 Chinese characters pass", async () => {
    await createTag("广东");
    expect((await api("tags/create", { tag: { name: "广东" } })).errcode).toBe(45157);
    expect((await api("tags/create", { tag: { name: "星标组" } })).errcode).toBe(45157);
    expect((await api("tags/create", { tag: { name: "" } })).errcode).toBe(45157);
    expect((await api("tags/create", { tag: { name: "标".repeat(31) } })).errcode).toBe(45158);
    expect((await api("tags/create", { tag: { name: "标".repeat(30) } })).tag).toBeTruthy();
  });

  it("at most 100 created tags (45056)", async () => {
    for (let i = 0; i < 100; i++) await createTag(`t${i}`);
    expect((await api("tags/create", { tag: { name: "one more" } })).errcode).toBe(45056);
  });

  it("the default tags 0/1/2 cannot be renamed or deleted (45058); unknown ids are 45159", async () => {
    for (const id of [0, 1, 2]) {
      expect((await api("tags/update", { tag: { id, name: "x" } })).errcode).toBe(45058);
      expect((await api("tags/delete", { tag: { id } })).errcode).toBe(45058);
    }
    expect((await api("tags/update", { tag: { id: 999, name: "x" } })).errcode).toBe(45159);
    expect((await api("tags/members/batchtagging", { openid_list: [followers[0]], tagid: 999 })).errcode).toBe(45159);
  });

  it("batchtagging: 1–50 openids (40032), known openids (40003), at most 20 tags per user (45059), all or nothing", async () => {
    const id = await createTag("a");
    expect((await api("tags/members/batchtagging", { openid_list: [], tagid: id })).errcode).toBe(40032);
    expect((await api("tags/members/batchtagging", { openid_list: followers.slice(0, 51), tagid: id })).errcode).toBe(40032);
    expect((await api("tags/members/batchtagging", { openid_list: [followers[0], "oUnknownUnknownUnknownUnkno"], tagid: id })).errcode).toBe(40003);
    expect(t.sim.account.users.get(followers[0]!)?.tagidList).toEqual([2]);
    expect((await api("tags/members/batchtagging", { openid_list: followers.slice(0, 50), tagid: id })).errcode).toBe(0);

    const ids = [id];
    for (let i = 1; i < 20; i++) ids.push(await createTag(`t${i}`));
    for (const tagid of ids.slice(1)) await api("tags/members/batchtagging", { openid_list: [followers[1]], tagid });
    expect(t.sim.account.users.get(followers[1]!)?.tagidList).toHaveLength(20);
    const extra = await createTag("21st");
    expect((await api("tags/members/batchtagging", { openid_list: [followers[2], followers[1]], tagid: extra })).errcode).toBe(45059);
    expect(t.sim.account.users.get(followers[2]!)?.tagidList).not.toContain(extra);
    // Tagging again with a tag the user already has is no new tag.
    expect((await api("tags/members/batchtagging", { openid_list: [followers[1]], tagid: id })).errcode).toBe(0);
  });

  it("getidlist, user/info tagid_list and untagging agree", async () => {
    const id = await createTag("a");
    await api("tags/members/batchtagging", { openid_list: [followers[0]], tagid: id });
    expect(await api("tags/getidlist", { openid: followers[0] })).toEqual({ tagid_list: [2, id] });
    expect((await getJson(`${t.sim.url}/cgi-bin/user/info?access_token=${t.token}&openid=${followers[0]}`)).tagid_list).toEqual([2, id]);
    await api("tags/members/batchuntagging", { openid_list: [followers[0]], tagid: id });
    expect(await api("tags/getidlist", { openid: followers[0] })).toEqual({ tagid_list: [2] });
    expect((await api("tags/getidlist", { openid: "bad" })).errcode).toBe(40003);
  });

  it("user/tag/get pages by next_openid; the last page has an empty next_openid", async () => {
    await postJson(`${t.sim.url}/__sim/config`, { pageSize: 5 });
    const seen: string[] = [];
    const counts: number[] = [];
    let next = "";
    do {
      const page = await api("user/tag/get", { tagid: 2, next_openid: next });
      counts.push(page.count as number);
      seen.push(...((page.data as { openid: string[] } | undefined)?.openid ?? []));
      next = page.next_openid as string;
    } while (next);
    expect(counts).toEqual([5, 5, 2]);
    expect(seen).toEqual(followers.filter((_, i) => i % 10 === 0));
    expect((await api("user/tag/get", { tagid: 2, next_openid: "oUnknownUnknownUnknownUnkno" })).errcode).toBe(40003);
  });

  it("needs a valid access_token and a JSON body", async () => {
    expect((await getJson(`${t.sim.url}/cgi-bin/tags/get`)).errcode).toBe(41001);
    const res = await fetch(`${t.sim.url}/cgi-bin/tags/create?access_token=${t.token}`, { method: "POST", body: "" });
    expect(((await res.json()) as { errcode: number }).errcode).toBe(44002);
  });
});

describe("remarks", () => {
  it("sets the remark user/info returns; over 30 bytes is 40092", async () => {
    expect(await api("user/info/updateremark", { openid: followers[4], remark: "备".repeat(10) })).toMatchObject({ errcode: 0 });
    expect((await getJson(`${t.sim.url}/cgi-bin/user/info?access_token=${t.token}&openid=${followers[4]}`)).remark).toBe("备".repeat(10));
    expect((await api("user/info/updateremark", { openid: followers[4], remark: "备".repeat(11) })).errcode).toBe(40092);
    expect((await api("user/info/updateremark", { openid: "oUnknownUnknownUnknownUnkno", remark: "x" })).errcode).toBe(40003);
  });
});

describe("blacklist", () => {
  it("batchblacklist ≤ 20 (40032), getblacklist pages by begin_openid, batchunblacklist removes", async () => {
    expect((await api("tags/members/batchblacklist", { openid_list: followers.slice(0, 21) })).errcode).toBe(40032);
    expect(await api("tags/members/batchblacklist", { openid_list: followers.slice(0, 3) })).toMatchObject({ errcode: 0 });
    expect(await api("tags/members/getblacklist", { begin_openid: "" })).toEqual({ total: 3, count: 3, data: { openid: followers.slice(0, 3) }, next_openid: "" });
    await postJson(`${t.sim.url}/__sim/config`, { pageSize: 2 });
    const first = await api("tags/members/getblacklist", { begin_openid: "" });
    expect(first).toEqual({ total: 3, count: 2, data: { openid: followers.slice(0, 2) }, next_openid: followers[1] });
    expect(await api("tags/members/getblacklist", { begin_openid: followers[1] })).toEqual({ total: 3, count: 1, data: { openid: [followers[2]] }, next_openid: "" });
    await api("tags/members/batchunblacklist", { openid_list: [followers[0]] });
    expect((await api("tags/members/getblacklist", {})).total).toBe(2);
    expect((await api("tags/members/batchunblacklist", { openid_list: ["oUnknownUnknownUnknownUnkno"] })).errcode).toBe(40003);
  });
});
