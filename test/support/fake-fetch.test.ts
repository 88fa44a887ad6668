import { describe, expect, it } from "vitest";
import { createFakeFetch } from "./fake-fetch";

describe("fake fetch", () => {
  it("answers a matching stub with JSON and records the request", async () => {
    const fake = createFakeFetch();
    fake.on({ method: "POST", path: "/a", query: { x: "1" }, body: { deep: { k: "v" } }, reply: { json: { ok: true } } });
    const res = await fake.fetch("https://h.test/a?x=1&y=2", { method: "POST", body: JSON.stringify({ deep: { k: "v", other: 1 } }) });
    expect(await res.json()).toEqual({ ok: true });
    expect(fake.calls[0]).toMatchObject({ method: "POST", path: "/a", query: { x: "1", y: "2" } });
  });

  it("rejects an unexpected request and verify() reports it", async () => {
    const fake = createFakeFetch({ autoVerify: false });
    fake.on({ path: "/a", query: { x: "1" }, reply: { json: {} } });
    await expect(fake.fetch("https://h.test/a?x=2")).rejects.toThrow(/unexpected request GET \/a/);
    await fake.fetch("https://h.test/a?x=1");
    expect(() => fake.verify()).toThrow(/unexpected request/);
  });

  it("verify() reports stubs not used up", async () => {
    const fake = createFakeFetch({ autoVerify: false });
    fake.on({ path: "/a", reply: { json: {} }, times: 2 }).on({ path: "/b", reply: { json: {} }, times: Infinity });
    await fake.fetch("https://h.test/a");
    expect(() => fake.verify()).toThrow(/unused stub \* \/a \(used 1\/2\)[\s\S]*\/b/);
    await fake.fetch("https://h.test/a");
    await fake.fetch("https://h.test/b");
    expect(() => fake.verify()).not.toThrow();
  });

  it.fails("fails the test by itself when a stub goes unused", () => {
    createFakeFetch().on({ path: "/never", reply: { json: {} } });
  });

  it("a hanging reply rejects when the request is aborted", async () => {
    const fake = createFakeFetch();
    fake.on({ path: "/h", reply: { hang: true } });
    const controller = new AbortController();
    const p = fake.fetch("https://h.test/h", { signal: controller.signal });
    controller.abort();
    await expect(p).rejects.toThrow(/aborted/);
  });
});
