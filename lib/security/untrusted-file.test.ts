import { describe, expect, it } from "vitest";
import { SANDBOXED_FILE_CSP, untrustedFileHeaders } from "./untrusted-file";

const IMAGES = { inline: /^image\/(png|jpeg|jpg|gif)$/, forced: "image/png" };
const MEDIA = { inline: /^(image\/png|video\/mp4)$/ };

describe("untrustedFileHeaders", () => {
  it("an HTML (or SVG, or missing) answer where an image was expected is forced to an image, sandboxed", () => {
    for (const upstream of ["text/html; charset=utf-8", "image/svg+xml", "application/xhtml+xml", null, ""]) {
      expect(untrustedFileHeaders(upstream, IMAGES), String(upstream)).toEqual({
        "content-type": "image/png",
        "content-disposition": "inline",
        "x-content-type-options": "nosniff",
        "content-security-policy": "default-src 'none'; sandbox",
      });
    }
  });

  it("keeps an allowed type (parameters dropped, case folded)", () => {
    expect(untrustedFileHeaders("IMAGE/JPG", IMAGES)["content-type"]).toBe("image/jpg");
    expect(untrustedFileHeaders("image/gif; name=x.gif", IMAGES)["content-type"]).toBe("image/gif");
    expect(untrustedFileHeaders("video/mp4", MEDIA)).toMatchObject({ "content-type": "video/mp4", "content-disposition": "inline" });
  });

  it("without a forced type, anything else is a download", () => {
    expect(untrustedFileHeaders("text/html", MEDIA)).toEqual({
      "content-type": "application/octet-stream",
      "content-disposition": "attachment",
      "x-content-type-options": "nosniff",
      "content-security-policy": SANDBOXED_FILE_CSP,
    });
  });
});
