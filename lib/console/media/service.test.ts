import { describe, expect, it } from "vitest";
import { MAX_MEDIA_UPLOAD_BYTES } from "./service";

describe("media upload body bound", () => {
  it("allows a 10 MB file with room for the form framing, not more", () => {
    expect(MAX_MEDIA_UPLOAD_BYTES).toBeGreaterThan(10 * 1024 * 1024);
    expect(MAX_MEDIA_UPLOAD_BYTES).toBeLessThanOrEqual(10 * 1024 * 1024 + 64 * 1024);
  });
});
