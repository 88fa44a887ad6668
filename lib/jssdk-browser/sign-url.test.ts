import { describe, expect, it } from "vitest";
import { chooseSignUrl, configRequestPath, detectPlatform, isWeChatBrowser, retrySignUrl, stripFragment } from "./sign-url";

const IOS_WECHAT =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50(0x1800322b) NetType/WIFI Language/zh_CN";
const ANDROID_WECHAT =
  "Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP1A; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/122.0 Mobile Safari/537.36 XWEB/1220133 MMWEBSDK/20240301 MMWEBID/1 MicroMessenger/8.0.50.2600(0x28003237) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64";
const IPAD_WECHAT = "Mozilla/5.0 (iPad; CPU OS 16_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 MicroMessenger/8.0.40";
const DESKTOP_CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36";

describe("user agent detection", () => {
  it("recognises the WeChat in-app browser only", () => {
    expect(isWeChatBrowser(IOS_WECHAT)).toBe(true);
    expect(isWeChatBrowser(ANDROID_WECHAT)).toBe(true);
    expect(isWeChatBrowser("x micromessenger/7.0")).toBe(true);
    expect(isWeChatBrowser(DESKTOP_CHROME)).toBe(false);
    expect(isWeChatBrowser("")).toBe(false);
  });

  it.each([
    [IOS_WECHAT, "ios"],
    [IPAD_WECHAT, "ios"],
    ["Mozilla/5.0 (iPod touch; CPU iPhone OS 12_0) MicroMessenger/7.0", "ios"],
    [ANDROID_WECHAT, "android"],
    ["Mozilla/5.0 (Windows NT 10.0) WindowsWechat MicroMessenger/7.0.20", "other"],
    [DESKTOP_CHROME, "other"],
  ] as const)("platform of %s is %s", (ua, platform) => {
    expect(detectPlatform(ua)).toBe(platform);
  });
});

describe("stripFragment", () => {
  it.each([
    ["https://a.example/p?x=1#frag", "https://a.example/p?x=1"],
    ["https://a.example/#/spa#twice", "https://a.example/"],
    ["http://mp.weixin.qq.com?params=value", "http://mp.weixin.qq.com?params=value"],
    ["https://a.example/p?q=%E4%B8%AD", "https://a.example/p?q=%E4%B8%AD"],
  ])("%s -> %s", (input, expected) => {
    expect(stripFragment(input)).toBe(expected);
  });
});

describe("chooseSignUrl / retrySignUrl", () => {
  const landingUrl = "https://mp.example.com/?from=menu#top";
  const currentUrl = "https://mp.example.com/jssdk/share?x=1#section";

  it("signs the landing URL on iOS, whatever the current route", () => {
    expect(chooseSignUrl({ platform: "ios", landingUrl, currentUrl })).toBe("https://mp.example.com/?from=menu");
  });

  it("signs the current URL on Android and elsewhere", () => {
    expect(chooseSignUrl({ platform: "android", landingUrl, currentUrl })).toBe("https://mp.example.com/jssdk/share?x=1");
    expect(chooseSignUrl({ platform: "other", landingUrl, currentUrl })).toBe("https://mp.example.com/jssdk/share?x=1");
  });

  it("switches iOS to the current URL once that has proved right, or when the landing URL is unknown", () => {
    expect(chooseSignUrl({ platform: "ios", landingUrl, currentUrl, preferCurrent: true })).toBe("https://mp.example.com/jssdk/share?x=1");
    expect(chooseSignUrl({ platform: "ios", landingUrl: "", currentUrl })).toBe("https://mp.example.com/jssdk/share?x=1");
  });

  it("retries with the current URL on every platform", () => {
    for (const platform of ["ios", "android", "other"] as const) {
      expect(retrySignUrl({ platform, landingUrl, currentUrl })).toBe("https://mp.example.com/jssdk/share?x=1");
    }
  });
});

describe("configRequestPath", () => {
  it("encodes the whole URL as one query value", () => {
    expect(configRequestPath("https://mp.example.com/a?x=1&y=2")).toBe("/api/jssdk/config?url=https%3A%2F%2Fmp.example.com%2Fa%3Fx%3D1%26y%3D2");
    const decoded = new URL(configRequestPath("https://mp.example.com/p?q=%E4%B8%AD&z=中"), "https://mp.example.com").searchParams.get("url");
    expect(decoded).toBe("https://mp.example.com/p?q=%E4%B8%AD&z=中");
  });
});
