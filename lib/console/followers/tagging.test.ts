import { describe, expect, it } from "vitest";
import { applyTagging, nextTagIds, parseTaggingRequest, TAGGING_SELECTION_MAX, type FollowerTaggingDeps, type TaggingAction } from "./tagging";

const openids = (n: number) => Array.from({ length: n }, (_, i) => `oUser${String(i).padStart(5, "0")}`);

function recorder(failOnCall?: number) {
  const calls: Array<{ kind: "tag" | "untag"; tagId: number; openids: string[] }> = [];
  const stored: Array<{ tagId: number; openids: string[]; action: TaggingAction }> = [];
  const wechat = (kind: "tag" | "untag") => async (tagId: number, ids: string[]) => {
    calls.push({ kind, tagId, openids: ids });
    if (calls.length === failOnCall) throw new Error("45059 tag limit");
  };
  const deps: FollowerTaggingDeps = {
    tag: wechat("tag"),
    untag: wechat("untag"),
    async updateStored(tagId, ids, action) {
      stored.push({ tagId, openids: ids, action });
      return ids.length - 1; // pretend one of each chunk is not synced yet
    },
  };
  return { calls, stored, deps };
}

describe("parseTaggingRequest", () => {
  it("accepts a well-formed body and drops duplicate openids", () => {
    const parsed = parseTaggingRequest({ tagId: 100, openids: ["oA", "oB", "oA"], action: "tag" });
    expect(parsed).toEqual({ request: { tagId: 100, openids: ["oA", "oB"], action: "tag" } });
  });

  it.each([
    [null, "body"],
    [[1], "body"],
    [{ openids: ["oA"], action: "tag" }, "tagId"],
    [{ tagId: "100", openids: ["oA"], action: "tag" }, "tagId"],
    [{ tagId: -1, openids: ["oA"], action: "tag" }, "tagId"],
    [{ tagId: 1.5, openids: ["oA"], action: "tag" }, "tagId"],
    [{ tagId: 100, openids: ["oA"], action: "delete" }, "action"],
    [{ tagId: 100, openids: [], action: "tag" }, "openids"],
    [{ tagId: 100, openids: "oA", action: "tag" }, "openids"],
    [{ tagId: 100, openids: ["oA", "bad openid"], action: "untag" }, "openids"],
    [{ tagId: 100, openids: [42], action: "untag" }, "openids"],
    [{ tagId: 100, openids: openids(TAGGING_SELECTION_MAX + 1), action: "tag" }, "openids"],
  ])("refuses %j naming the field %s", (body, field) => {
    const parsed = parseTaggingRequest(body);
    expect("error" in parsed && parsed.error.field).toBe(field);
  });
});

describe("applyTagging", () => {
  it("sends 120 openids as chunks of 50, 50 and 20 and stores each chunk", async () => {
    const { calls, stored, deps } = recorder();
    const ids = openids(120);
    const result = await applyTagging(deps, { tagId: 101, openids: ids, action: "tag" });
    expect(calls.map((c) => c.openids.length)).toEqual([50, 50, 20]);
    expect(calls.every((c) => c.kind === "tag" && c.tagId === 101)).toBe(true);
    expect(calls.flatMap((c) => c.openids)).toEqual(ids);
    expect(stored.map((s) => s.openids)).toEqual(calls.map((c) => c.openids));
    expect(result).toEqual({ sent: 120, calls: 3, updated: 49 + 49 + 19 });
  });

  it("untags through batchuntagging", async () => {
    const { calls, stored, deps } = recorder();
    await applyTagging(deps, { tagId: 7, openids: openids(3), action: "untag" });
    expect(calls).toEqual([{ kind: "untag", tagId: 7, openids: openids(3) }]);
    expect(stored[0]?.action).toBe("untag");
  });

  it("stops at a refused chunk, having stored only the chunks WeChat accepted", async () => {
    const { calls, stored, deps } = recorder(2);
    await expect(applyTagging(deps, { tagId: 5, openids: openids(150), action: "tag" })).rejects.toThrow("45059");
    expect(calls).toHaveLength(2);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.openids).toEqual(openids(50));
  });
});

describe("nextTagIds", () => {
  it("adds a tag once and removes it entirely", () => {
    expect(nextTagIds([2], 100, "tag")).toEqual([2, 100]);
    expect(nextTagIds([2, 100], 100, "tag")).toEqual([2, 100]);
    expect(nextTagIds([2, 100], 100, "untag")).toEqual([2]);
    expect(nextTagIds([2], 100, "untag")).toEqual([2]);
  });
});
