/**
 * Web authorization as a person does it, in Chromium dressed as the WeChat in-app browser:
 * the app's sign-in button → the simulator's consent page → 允许 / 拒绝 → back on the app.
 */
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { appUrl, simulatorUrl } from "./e2e-env";
import { newWeChatContext, watchPageProblems, type PageProblems } from "./support/browser";
import { simUsers, type SimUser } from "./support/browser-oauth";

const APP = appUrl();

let context: BrowserContext;
let page: Page;
let problems: PageProblems;
/** Every URL the tab navigated to, and every request it made to the app or the OAuth hosts. */
let visited: string[];

test.beforeEach(async ({ browser }) => {
  context = await newWeChatContext(browser);
  page = await context.newPage();
  problems = watchPageProblems(page);
  visited = [];
  page.on("framenavigated", (frame) => visited.push(frame.url()));
  page.on("request", (request) => {
    // Avatars are WeChat's opaque image URLs (the simulator's happen to name the user): not ours.
    if (!request.url().includes("/__sim/avatar/")) visited.push(request.url());
  });
  page.on("response", (response) => {
    const location = response.headers()["location"];
    if (location) visited.push(location);
  });
});

test.afterEach(async () => {
  await context.close();
});

function expectNoOpenidInUrls(openids: string[]): void {
  expect(visited.length).toBeGreaterThan(3);
  expect(openids.length).toBeGreaterThan(3);
  // One assertion for all pairs: thousands of expect() calls take minutes.
  const leaks = visited.filter((url) => openids.some((openid) => url.includes(openid)));
  expect(leaks).toEqual([]);
}

test("sign in with 微信授权登录 → consent → 允许 → signed in with nickname and avatar; logout", async () => {
  const users = await simUsers(page.request);
  const user = users[4] as SimUser;

  await page.goto("/");
  await expect(page.getByTestId("home-signed-out")).toBeVisible();
  await expect(page.getByTestId("home-signed-out")).toContainText("微信登录");
  await page.getByTestId("signin-userinfo").click();

  await expect(page.getByTestId("consent-page")).toBeVisible();
  expect(page.url().startsWith(`${simulatorUrl}/connect/oauth2/authorize?`)).toBe(true);
  await page.locator(`[data-testid="user-option"][data-openid="${user.openid}"]`).click();
  await page.getByTestId("consent-allow").click();

  await page.waitForURL(`${APP}/`);
  const summary = page.getByTestId("home-user");
  await expect(summary).toBeVisible();
  await expect(summary).toHaveAttribute("data-scope", "snsapi_userinfo");
  await expect(page.getByTestId("user-nickname")).toContainText(user.nickname);
  const avatar = summary.locator("img.avatar");
  await expect(avatar).toHaveAttribute("src", `${simulatorUrl}/__sim/avatar/${user.openid}/132`);
  await expect.poll(() => avatar.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);

  await page.getByTestId("link-profile").click();
  await page.waitForURL(`${APP}/profile`);
  await expect(page.getByTestId("profile")).toHaveAttribute("data-scope", "snsapi_userinfo");
  await expect(page.getByTestId("profile-nickname")).toHaveText(user.nickname);
  await expect(page.getByTestId("profile-openid")).toHaveText(user.openid);
  await expect(page.getByTestId("profile").locator("img.avatar")).toHaveAttribute("src", /\/__sim\/avatar\//);

  // The session cookie is not readable by page scripts.
  expect(await page.evaluate(() => document.cookie)).not.toContain("wxmp_session");

  await page.getByTestId("logout-button").click();
  await page.waitForURL(`${APP}/`);
  await expect(page.getByTestId("home-signed-out")).toBeVisible();
  expect((await page.request.get("/api/me")).status()).toBe(401);

  expectNoOpenidInUrls(users.map((u) => u.openid));
  expect(problems.errors).toEqual([]);
});

test("拒绝 on the consent page → the friendly error page (reason=denied) with a way to try again", async () => {
  const users = await simUsers(page.request);
  await page.goto("/profile");
  await page.getByTestId("signin-userinfo").click();
  await expect(page.getByTestId("consent-page")).toBeVisible();
  await page.getByTestId("consent-deny").click();

  await page.waitForURL(`${APP}/auth/error?reason=denied`);
  const error = page.getByTestId("auth-error");
  await expect(error).toHaveAttribute("data-reason", "denied");
  await expect(error).toContainText("拒绝");
  expect((await page.request.get("/api/me")).status()).toBe(401);

  // 重新登录 starts over at the consent page.
  await page.getByTestId("auth-retry").click();
  await expect(page.getByTestId("consent-page")).toBeVisible();
  await page.getByTestId("consent-allow").click();
  await page.waitForURL(`${APP}/`);
  await expect(page.getByTestId("home-user")).toBeVisible();

  expectNoOpenidInUrls(users.map((u) => u.openid));
  expect(problems.errors).toEqual([]);
});

test("snsapi_base (静默登录) signs in without a consent page and offers the upgrade", async () => {
  const users = await simUsers(page.request);
  await page.goto("/profile");
  await page.getByTestId("signin-base").click();
  // Browsers carry the authorize URL's #wechat_redirect over both 302s; the page drops it.
  await page.waitForURL(/^http:\/\/localhost:\d+\/profile$/);
  expect(new URL(page.url()).origin).toBe(APP);
  await expect(page.getByTestId("profile")).toHaveAttribute("data-scope", "snsapi_base");
  expect(visited.some((url) => url.startsWith(`${simulatorUrl}/connect/oauth2/authorize?`) && url.includes("scope=snsapi_base"))).toBe(true);
  await expect(page.getByTestId("upgrade-userinfo")).toBeVisible();
  expectNoOpenidInUrls(users.map((u) => u.openid));
  expect(problems.errors).toEqual([]);
});
