/**
 * `npm run demo:wechat-browser`: opens the running demo in a Chromium window that looks like
 * the WeChat in-app browser to the page — a MicroMessenger user agent, a phone viewport and
 * the simulator's WeixinJSBridge — so the JS-SDK demo works on a laptop.
 * Needs a display; uses CHROMIUM_PATH, /usr/bin/chromium or Playwright's own Chromium.
 */
import { existsSync } from "node:fs";
import { chromium } from "playwright";

const appUrl = process.env.APP_URL ?? `http://localhost:${process.env.DEMO_PORT ?? 3000}`;
const simUrl = `http://localhost:${process.env.SIM_PORT ?? 4000}`;
const platform = process.argv.includes("--ios") ? "ios" : "android";
const userAgent =
  platform === "ios"
    ? "Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50(0x1800322c) NetType/WIFI Language/zh_CN"
    : "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0.0.0 Mobile Safari/537.36 MicroMessenger/8.0.50.2701(0x28003252) NetType/WIFI Language/zh_CN";

const executablePath = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find(
  (candidate) => candidate && existsSync(candidate),
);
const bridge = await fetch(`${simUrl}/__sim/jsbridge.js`).then((response) => {
  if (!response.ok) throw new Error(`simulator not reachable at ${simUrl}: start it with npm run demo`);
  return response.text();
});
const browser = await chromium.launch({ headless: false, executablePath });
const context = await browser.newContext({ userAgent, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
await context.addInitScript({ content: `window.__WX_SIM__ = { platform: ${JSON.stringify(platform)} };\n${bridge}` });
// jweixin reports to open.weixin.qq.com; the demo never leaves this machine.
await context.route("https://open.weixin.qq.com/**", (route) => route.abort());
const page = await context.newPage();
await page.goto(`${appUrl}/jssdk`);
console.log(`WeChat-like browser (${platform}) opened at ${appUrl}/jssdk — close the window to quit.`);
page.on("close", () => void browser.close());
