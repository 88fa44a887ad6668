import { describe, expect, it } from "vitest";
import { readBoundedForm } from "./form-body";

/** The media upload's cap (lib/console/media/service.ts): 10 MB and room for the framing. */
const CAP = 10 * 1024 * 1024 + 64 * 1024;

/** A body that arrives in chunks without a Content-Length, and records how much was pulled. */
function streamed(total: number, chunk = 64 * 1024): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      const n = Math.min(chunk, total - sent);
      sent += n;
      controller.enqueue(new Uint8Array(n));
    },
  });
  return { stream, pulled: () => sent };
}

describe("a bounded multipart body", () => {
  it("refuses a declared Content-Length over the cap without reading the body", async () => {
    const { stream, pulled } = streamed(1024 * 1024);
    const req = new Request("http://x/", {
      method: "POST",
      body: stream,
      headers: { "content-type": "multipart/form-data; boundary=x", "content-length": String(CAP + 1) },
      duplex: "half",
    } as RequestInit);
    expect(await readBoundedForm(req, CAP)).toEqual({ ok: false, status: 413 });
    expect(pulled()).toBeLessThanOrEqual(64 * 1024); // at most what the stream buffered ahead
  });

  it("stops reading a body without Content-Length at the cap", async () => {
    const { stream, pulled } = streamed(10 * 1024 * 1024);
    const req = new Request("http://x/", { method: "POST", body: stream, headers: { "content-type": "multipart/form-data; boundary=x" }, duplex: "half" } as RequestInit);
    expect(await readBoundedForm(req, 256 * 1024)).toEqual({ ok: false, status: 413 });
    expect(pulled()).toBeLessThan(512 * 1024);
  });

  it("parses a form under the cap, and refuses a body that is no multipart form", async () => {
    const form = new FormData();
    form.append("type", "voice");
    form.append("file", new Blob([new Uint8Array(1000)]), "v.mp3");
    const read = await readBoundedForm(new Request("http://x/", { method: "POST", body: form }), CAP);
    expect(read.ok).toBe(true);
    if (read.ok) {
      expect(read.form.get("type")).toBe("voice");
      expect((read.form.get("file") as File).size).toBe(1000);
    }
    expect(await readBoundedForm(new Request("http://x/", { method: "POST", body: "{}", headers: { "content-type": "application/json" } }), CAP)).toEqual({ ok: false, status: 400 });
  });
});
