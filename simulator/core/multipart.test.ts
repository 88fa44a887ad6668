import { describe, expect, it } from "vitest";
import { multipartBoundary, parseMultipart } from "./multipart";

/** Encodes a form the way fetch does, so the parser is checked against a real client's bytes. */
async function encode(form: FormData): Promise<{ body: Buffer; contentType: string }> {
  const req = new Request("http://x.test/", { method: "POST", body: form });
  return { body: Buffer.from(await req.arrayBuffer()), contentType: req.headers.get("content-type") ?? "" };
}

describe("multipart/form-data parsing", () => {
  it("reads the fields and files a fetch FormData sends, bytes intact", async () => {
    const bytes = Uint8Array.from([0, 13, 10, 45, 45, 255, 1, 2]); // CR LF "--" inside the file
    const form = new FormData();
    form.set("media", new Blob([bytes], { type: "image/png" }), "photo.png");
    form.set("description", JSON.stringify({ title: "标题", introduction: "介绍" }));
    const { body, contentType } = await encode(form);
    const boundary = multipartBoundary(contentType);
    expect(boundary).toBeTruthy();
    const parts = parseMultipart(body, boundary as string);
    expect(parts?.map((p) => p.name)).toEqual(["media", "description"]);
    expect(parts?.[0]).toMatchObject({ filename: "photo.png", contentType: "image/png" });
    expect([...(parts?.[0]?.data ?? [])]).toEqual([...bytes]);
    expect(JSON.parse(parts?.[1]?.data.toString("utf8") ?? "")).toEqual({ title: "标题", introduction: "介绍" });
  });

  it("refuses other content types and bodies that do not follow the boundary", () => {
    expect(multipartBoundary("application/json")).toBeNull();
    expect(multipartBoundary(undefined)).toBeNull();
    expect(multipartBoundary('multipart/form-data; boundary="a b"')).toBe("a b");
    expect(parseMultipart(Buffer.from("no delimiter here"), "xyz")).toBeNull();
    expect(parseMultipart(Buffer.from("--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunterminated"), "xyz")).toBeNull();
  });
});
