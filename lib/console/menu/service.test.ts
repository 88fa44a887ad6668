import { describe, expect, it } from "vitest";
import { callWithAccessToken, type WeChatApiCaller } from "../../wechat/api-client";
import { createFakeFetch, type FakeFetch } from "../../../test/support/fake-fetch";
import { BASE_URL } from "../../../test/support/wechat-fixtures";
import { memoryMenuDraftStore } from "./drafts";
import { createMenuService } from "./service";

function caller(fake: FakeFetch): WeChatApiCaller {
  const deps = { http: { baseUrl: BASE_URL, fetch: fake.fetch }, getAccessToken: async () => "T", invalidateAccessToken: async () => true };
  return { call: (req) => callWithAccessToken(deps, req) };
}

const MENU = { button: [{ type: "click", name: "今日", key: "TODAY" }] };

describe("menu service: the autosaved draft", () => {
  it("keeps the draft until it is published, then clears it", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: "/cgi-bin/menu/create", body: MENU, reply: { json: { errcode: 0, errmsg: "ok" } } });
    const drafts = memoryMenuDraftStore();
    const menu = createMenuService(caller(fake), { drafts, now: () => 5_000 });
    expect(await menu.saveDraft({ menu: MENU, base: null, revision: null })).toMatchObject({ saved: { revision: 1, updatedAt: 5_000 } });
    expect(await menu.draft()).toMatchObject({ menu: MENU, revision: 1 });
    expect(await menu.publish(MENU)).toEqual({ ok: true });
    expect(await menu.draft()).toBeNull();
    fake.verify();
  });

  it("keeps the draft when the menu is refused before WeChat is called", async () => {
    const fake = createFakeFetch();
    const menu = createMenuService(caller(fake), { drafts: memoryMenuDraftStore(), now: () => 1 });
    await menu.saveDraft({ menu: { button: [{ type: "click", name: "", key: "" }] }, base: null, revision: null });
    expect(await menu.publish({ button: [{ type: "click", name: "", key: "" }] })).toMatchObject({ refused: "invalid_menu" });
    expect(await menu.draft()).not.toBeNull();
    expect(fake.calls).toEqual([]);
  });

  it("lists published articles for the picker by their first title", async () => {
    const fake = createFakeFetch();
    fake.on({
      method: "POST",
      path: "/cgi-bin/freepublish/batchget",
      body: { offset: 0, count: 20, no_content: 1 },
      reply: { json: { total_count: 1, item_count: 1, item: [{ article_id: "ART1", update_time: 9, content: { news_item: [{ title: "双十一活动" }] } }] } },
    });
    const menu = createMenuService(caller(fake));
    expect(await menu.articles(0)).toEqual({ total: 1, items: [{ articleId: "ART1", title: "双十一活动", updateTime: 9 }] });
  });
});
