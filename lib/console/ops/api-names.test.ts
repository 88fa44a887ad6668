import { describe, expect, it } from "vitest";
import { apiName } from "./api-names";
import { QUOTA_PATHS } from "./service";

describe("apiName", () => {
  it("names every API whose quota the ops screen shows in Chinese, never as its path", () => {
    for (const path of QUOTA_PATHS) {
      const name = apiName(path);
      expect(name, path).not.toContain("/cgi-bin");
      expect(name, path).toMatch(/[\u4e00-\u9fff]/);
    }
  });
  it("keeps an unknown path as it is, with or without its leading slash", () => {
    expect(apiName("/cgi-bin/new/thing")).toBe("/cgi-bin/new/thing");
    expect(apiName("cgi-bin/message/custom/send")).toBe("发送客服消息");
  });
});
