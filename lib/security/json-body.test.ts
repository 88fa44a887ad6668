import { describe, expect, it } from "vitest";
import { MAX_JSON_BODY_BYTES, readJsonBody } from "./json-body";

/** A streamed body of `chunks` chunks of `size` bytes that records how many were pulled. */
function streamed(chunks: number, size: number): { request: Request; pulled: () => number } {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled === chunks) return controller.close();
      pulled++;
      controller.enqueue(new Uint8Array(size).fill(0x20));
    },
  });
  const request = new Request("http://x/", { method: "POST", body, duplex: "half" } as RequestInit);
  return { request, pulled: () => pulled };
}

describe("readJsonBody", () => {
  it("parses a small body; null for empty or invalid JSON, the latter marked malformed", async () => {
    expect(await readJsonBody(new Request("http://x/", { method: "POST", body: '{"token":"a"}' }))).toEqual({ ok: true, value: { token: "a" } });
    expect(await readJsonBody(new Request("http://x/", { method: "POST", body: "{" }))).toEqual({ ok: true, value: null, malformed: true });
    expect(await readJsonBody(new Request("http://x/", { method: "POST" }))).toEqual({ ok: true, value: null });
    expect(await readJsonBody(new Request("http://x/", { method: "POST", body: " \n" }))).toEqual({ ok: true, value: null });
  });

  it("accepts exactly 16 KiB and refuses one byte more", async () => {
    const at = `"${"a".repeat(MAX_JSON_BODY_BYTES - 2)}"`;
    expect((await readJsonBody(new Request("http://x/", { method: "POST", body: at }))).ok).toBe(true);
    expect(await readJsonBody(new Request("http://x/", { method: "POST", body: `${at} ` }))).toEqual({ ok: false, status: 413 });
  });

  it("refuses a declared Content-Length over the cap without reading the body", async () => {
    const { request, pulled } = streamed(1000, 1024);
    const declared = new Request(request, { headers: { "content-length": String(1000 * 1024) } });
    expect(await readJsonBody(declared)).toEqual({ ok: false, status: 413 });
    expect(pulled()).toBeLessThan(5); // streams pre-pull a chunk or two; the body was not read
  });

  it("stops reading an undeclared stream soon after the cap", async () => {
    const { request, pulled } = streamed(1000, 1024);
    expect(await readJsonBody(request)).toEqual({ ok: false, status: 413 });
    expect(pulled()).toBeLessThan(20);
  });
});
