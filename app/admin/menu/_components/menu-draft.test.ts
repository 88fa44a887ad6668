import { describe, expect, it } from "vitest";
import { findMenuProblem } from "@wxmp/wechat/api/menu-validation";
import type { MenuButton } from "@wxmp/wechat/api/menu-types";
import { addButton, buttonAt, menuProblems, moveButton, problemsOf, removeButton, replaceAt, withKind } from "./menu-draft";
import { diffMenus } from "./menu-diff";
import { nameRoom, pathText, problemText } from "./menu-messages";

const today: MenuButton = { type: "click", name: "今日", key: "TODAY" };
const more: MenuButton = {
  name: "更多",
  sub_button: [
    { type: "view", name: "官网", url: "https://example.com/" },
    { type: "pic_weixin", name: "发图", key: "PIC" },
  ],
};
const menu: MenuButton[] = [today, more];

describe("draft edits", () => {
  it("moves a sub-button within its parent only, and ignores moves past either end", () => {
    const moved = moveButton(menu, { top: 1, sub: 1 }, -1);
    expect(buttonAt(moved, { top: 1, sub: 0 })?.name).toBe("发图");
    expect(buttonAt(moved, { top: 1, sub: 1 })?.name).toBe("官网");
    expect(moved[0]).toEqual(menu[0]);
    expect(moveButton(menu, { top: 0 }, -1)).toEqual(menu);
    expect(moveButton(menu, { top: 1 }, 1)).toEqual(menu);
    expect(moveButton(menu, { top: 0 }, 1).map((b) => b.name)).toEqual(["更多", "今日"]);
    // the input is never mutated
    expect(buttonAt(menu, { top: 1, sub: 0 })?.name).toBe("官网");
  });

  it("adds up to 3 top-level buttons and 5 sub-buttons, then refuses", () => {
    let buttons: MenuButton[] = menu;
    const third = addButton(buttons);
    expect(third?.pos).toEqual({ top: 2 });
    buttons = third!.buttons;
    expect(addButton(buttons)).toBeNull();
    for (let n = 2; n < 5; n++) {
      const next = addButton(buttons, 1);
      expect(next?.pos).toEqual({ top: 1, sub: n });
      buttons = next!.buttons;
    }
    expect(addButton(buttons, 1)).toBeNull();
    expect(addButton(buttons, 0)).toBeNull(); // a leaf has no sub-buttons to add to
  });

  it("removes the addressed button", () => {
    expect(removeButton(menu, { top: 1, sub: 0 })[1]).toEqual({ name: "更多", sub_button: [{ type: "pic_weixin", name: "发图", key: "PIC" }] });
    expect(removeButton(menu, { top: 0 }).map((b) => b.name)).toEqual(["更多"]);
  });

  it("changes kind keeping the name and shared fields; a leaf turned parent keeps its action as first sub-button", () => {
    expect(withKind(today, "scancode_push")).toEqual({ type: "scancode_push", name: "今日", key: "TODAY" });
    expect(withKind({ type: "view", name: "网", url: "https://a.example/" }, "miniprogram")).toEqual({
      type: "miniprogram",
      name: "网",
      appid: "",
      pagepath: "",
      url: "https://a.example/",
    });
    expect(withKind(today, "sub")).toEqual({ name: "今日", sub_button: [today] });
    expect(withKind(more, "view")).toEqual({ type: "view", name: "更多", url: "" });
    expect(replaceAt(menu, { top: 1, sub: 0 }, { type: "click", name: "x", key: "k" })[1]).toMatchObject({ sub_button: [{ name: "x" }, { name: "发图" }] });
  });
});

describe("menuProblems: every faulty button, by the library validator", () => {
  it("finds none in a valid menu, agreeing with findMenuProblem", () => {
    expect(menuProblems(menu)).toEqual([]);
    expect(findMenuProblem({ button: menu })).toBeNull();
  });

  it("reports each faulty button at its own path, not only the first", () => {
    const bad: MenuButton[] = [
      { type: "click", name: "一二三四五六", key: "K" }, // 18 bytes > 16
      { name: "更多", sub_button: [{ type: "view", name: "官网", url: "javascript:alert(1)" }, { type: "click", name: "ok", key: "" }] },
    ];
    const problems = menuProblems(bad);
    expect(problems.map((p) => p.path)).toEqual(["button[0].name", "button[1].sub_button[0].url", "button[1].sub_button[1].key"]);
    // The same first problem the server's 400 would name.
    expect(findMenuProblem({ button: bad })?.path).toBe(problems[0]?.path);
    expect(problemsOf(problems, "button[1]")).toEqual([]);
    expect(problemsOf(problems, "button[1].sub_button[1]").map((p) => p.path)).toEqual(["button[1].sub_button[1].key"]);
  });

  it("reports the list and sub-list sizes", () => {
    expect(menuProblems([]).map((p) => p.path)).toEqual(["button"]);
    const six = { name: "多", sub_button: Array.from({ length: 6 }, (_, i) => ({ type: "click" as const, name: `s${i}`, key: "k" })) };
    expect(menuProblems([six]).map((p) => p.path)).toEqual(["button[0].sub_button"]);
    expect(problemsOf(menuProblems([six]), "button[0]").map((p) => p.path)).toEqual(["button[0].sub_button"]);
  });
});

describe("messages in Chinese", () => {
  it("names the limit in characters, not bytes, and how much to cut", () => {
    const [name] = menuProblems([{ type: "click", name: "一二三四五六", key: "K" }]);
    expect(problemText(name!)).toBe("名称过长：一级菜单最多 5 个汉字或 16 个字母，请删去约 1 个汉字。");
    const [sub] = menuProblems([{ name: "更多", sub_button: [{ type: "click", name: "字".repeat(21), key: "K" }] }]);
    expect(problemText(sub!)).toBe("名称过长：子菜单最多 20 个汉字或 60 个字母，请删去约 1 个汉字。");
    expect(nameRoom(6, 16)).toBe("还能写 3 个汉字或 10 个字母");
    expect(nameRoom(15, 16)).toBe("还能写 1 个字母");
    expect(nameRoom(18, 16)).toBe("超出了，请删去约 1 个汉字");
    const [url] = menuProblems([{ type: "view", name: "a", url: "ftp://x" }]);
    expect(problemText(url!)).toMatch(/http:\/\/ 或 https:\/\//);
    expect(problemText({ path: "button", message: "something new" })).toBe("something new");
  });

  it("explains a mini-program button's fields as WeChat checks them", () => {
    const mp = (b: Record<string, string>) => menuProblems([{ type: "miniprogram", name: "小程序", appid: "wx286b93c14bbf93aa", pagepath: "pages/index/index", url: "https://e.com", ...b } as never]);
    expect(mp({})).toEqual([]);
    expect(problemText(mp({ appid: "wx1234" })[0]!)).toBe("小程序 AppID 应为 wx 加 16 位数字或小写字母 a–f，共 18 个字符。");
    expect(problemText(mp({ appid: "" })[0]!)).toMatch(/请填写小程序的 AppID/);
    expect(problemText(mp({ pagepath: "" })[0]!)).toMatch(/页面路径/);
    expect(problemText(mp({ url: "" })[0]!)).toBe("请填写网页链接。");
    expect(problemText(mp({ url: "ftp://e.com" })[0]!)).toMatch(/http:\/\/ 或 https:\/\//);
  });
  it("says where a path points", () => {
    expect(pathText("button[1].sub_button[0].url")).toBe("第 2 个菜单 › 第 1 个子菜单 · 网页链接");
    expect(pathText("button[0].sub_button")).toBe("第 1 个菜单 › 子菜单");
    expect(pathText("button")).toBe("菜单");
  });
});

describe("diffMenus", () => {
  it("everything is added when there is no live menu, nothing when they match", () => {
    expect(diffMenus(null, menu).map((c) => [c.kind, c.label])).toEqual([
      ["added", "今日"],
      ["added", "更多"],
    ]);
    expect(diffMenus(menu, structuredClone(menu))).toEqual([]);
  });

  it("reports removed, changed (fields, type, position) and added buttons at both levels", () => {
    const draft: MenuButton[] = [
      { name: "更多", sub_button: [{ type: "view", name: "官网", url: "https://example.org/" }, { type: "click", name: "新", key: "N" }] },
      { type: "view", name: "今日", url: "https://t.example/" },
    ];
    expect(diffMenus(menu, draft)).toEqual([
      { kind: "changed", label: "更多", details: ["位置：第 2 个 → 第 1 个"] },
      { kind: "removed", label: "更多 › 发图", details: [] },
      { kind: "changed", label: "更多 › 官网", details: ["网页链接：https://example.com/ → https://example.org/"] },
      { kind: "added", label: "更多 › 新", details: [] },
      { kind: "changed", label: "今日", details: ["位置：第 1 个 → 第 2 个", "类型：click → view"] },
    ]);
  });

  it("a rename is one changed button (修改), not a removed and an added one", () => {
    const renamed = replaceAt(menu, { top: 0 }, { type: "click", name: "明日", key: "TODAY" });
    expect(diffMenus(menu, renamed)).toEqual([{ kind: "changed", label: "明日", details: ["名称：今日 → 明日"] }]);
    // Renamed and its key changed: still one change, listing both.
    const edited = replaceAt(menu, { top: 0 }, { type: "click", name: "明日", key: "TOMORROW" });
    expect(diffMenus(menu, edited)).toEqual([{ kind: "changed", label: "明日", details: ["名称：今日 → 明日", "菜单 KEY：TODAY → TOMORROW"] }]);
    // A sub-button renamed in place.
    const sub = structuredClone(menu);
    (sub[1] as { sub_button: Array<{ name: string }> }).sub_button[0]!.name = "主页";
    expect(diffMenus(menu, sub).map((c) => [c.kind, c.label, c.details[0]])).toEqual([["changed", "更多 › 主页", expect.stringMatching(/^名称：.+ → 主页$/)]]);
  });

  it("a button of another kind in the same place is a replacement (removed + added)", () => {
    const replaced = replaceAt(menu, { top: 0 }, { type: "view", name: "官网首页", url: "https://example.com/" });
    expect(diffMenus(menu, replaced).map((c) => `${c.kind}:${c.label}`)).toEqual(["removed:今日", "added:官网首页"]);
  });
});
