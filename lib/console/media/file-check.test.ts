import { describe, expect, it } from "vitest";
import { checkFile, checkFileSize, sniffFormat } from "./file-check";

const hex = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h.replace(/\s/g, ""), "hex"));
const PNG = hex("89504e470d0a1a0a0000000d49484452");
const JPEG = hex("ffd8ffe000104a464946000101000001");
const MP4 = Uint8Array.from(Buffer.concat([hex("00000018"), Buffer.from("ftypmp42"), hex("00000000")]));
const text = (s: string) => Uint8Array.from(Buffer.from(s));

describe("what a file is, by its first bytes", () => {
  it("recognises each accepted format and nothing from text", () => {
    expect(sniffFormat(PNG)).toBe("png");
    expect(sniffFormat(JPEG)).toBe("jpeg");
    expect(sniffFormat(text("GIF89a\x01\x00\x01\x00"))).toBe("gif");
    expect(sniffFormat(Uint8Array.from([...text("BM"), ...new Array(14).fill(0)]))).toBe("bmp");
    expect(sniffFormat(text("#!AMR\n"))).toBe("amr");
    expect(sniffFormat(text("RIFF\x24\x00\x00\x00WAVEfmt "))).toBe("wav");
    expect(sniffFormat(hex("3026b2758e66cf11a6d900aa0062ce6c"))).toBe("wma");
    expect(sniffFormat(text("ID3\x04\x00"))).toBe("mp3");
    expect(sniffFormat(hex("fffb9064"))).toBe("mp3");
    expect(sniffFormat(MP4)).toBe("mp4");
    expect(sniffFormat(text("this is not a png"))).toBeNull();
    expect(sniffFormat(new Uint8Array(0))).toBeNull();
  });
});

describe("may this file go to WeChat as this kind", () => {
  it("refuses the 17-byte text file named .png (400), and a JPEG named .png", () => {
    const note = text("this is not a png");
    expect(note.length).toBe(17);
    expect(checkFile({ name: "photo.png", size: 17 }, note, "image", true)).toMatchObject({ status: 400, field: "file" });
    expect(checkFile({ name: "photo.png", size: 16 }, JPEG, "image", true)?.message).toMatch(/JPEG/);
  });

  it("refuses by size alone with 413, per kind and storage (thumb 64KB, voice 2MB, image 10MB)", () => {
    expect(checkFileSize({ name: "a.png", size: 11 * 1024 * 1024 }, "image", true)).toMatchObject({ status: 413, field: "file" });
    expect(checkFileSize({ name: "t.jpg", size: 64 * 1024 + 1 }, "thumb", false)).toMatchObject({ status: 413 });
    expect(checkFileSize({ name: "v.mp3", size: 2 * 1024 * 1024 + 1 }, "voice", true)).toMatchObject({ status: 413 });
    expect(checkFileSize({ name: "a.png", size: 10 * 1024 * 1024 }, "image", true)).toBeNull();
    // .bmp is permanent-only, .wav too.
    expect(checkFileSize({ name: "a.bmp", size: 10 }, "image", false)).toMatchObject({ status: 400, field: "filename" });
    expect(checkFileSize({ name: "a.bmp", size: 10 }, "image", true)).toBeNull();
    expect(checkFileSize({ name: "noext", size: 10 }, "image", true)).toMatchObject({ status: 400, field: "filename" });
    expect(checkFileSize({ name: "a.png", size: 0 }, "image", true)).toMatchObject({ status: 400, field: "file" });
  });

  it("lets the real thing through", () => {
    expect(checkFile({ name: "a.png", size: 100 }, PNG, "image", true)).toBeNull();
    expect(checkFile({ name: "a.JPG", size: 100 }, JPEG, "thumb", false)).toBeNull();
    expect(checkFile({ name: "clip.mp4", size: 100 }, MP4, "video", true)).toBeNull();
  });
});
