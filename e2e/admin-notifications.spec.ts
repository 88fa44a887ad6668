/**
 * The console's Notifications screen (issue 15, screen 3), as an operator uses it: pick the
 * account's template, fill its keywords (a value breaking the 2023 rules is flagged while
 * typing), send a test to a follower, and watch the TEMPLATESENDJOBFINISH status the
 * simulator pushes to the webhook appear — "success" for one follower, "user block" for a
 * follower who blocked the account's template messages. Phone and desktop, axe, screenshots.
 * Then the routes behind it: 401 without admin auth, 400s with the contract's shapes.
 */
import { expect, test } from "@playwright/test";
import { simulatorUrl } from "./e2e-env";
import { appCall, expectCleanError } from "./support/app-api";
import { watchPageProblems } from "./support/browser";
import { expectAccessible, newConsolePage, shoot, signInAt } from "./support/console-page";
import { followerOpenids, sim } from "./support/sim-control";

interface TemplateSend {
  msgid: string;
  templateId: string | null;
  touser: string;
  sentAt: number | null;
  status: string | null;
  outcome: string | null;
  finishedAt: number | null;
}

async function blockTemplates(openid: string): Promise<void> {
  const res = await fetch(`${simulatorUrl}/__sim/notify/settings`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ blockOpenid: openid }),
  });
  expect(res.ok).toBe(true);
}

test.beforeAll(async () => {
  await sim.reset();
});

const CASES = [
  { size: "phone", follower: 3, blocked: false, outcome: "success", badge: "送达成功", status: "success" },
  { size: "desktop", follower: 4, blocked: true, outcome: "user_block", badge: "用户拒收", status: "failed:user block" },
] as const;

for (const c of CASES) {
  test(`operator sends a test template message and sees its delivery status (${c.size})`, async ({ browser }) => {
    const page = await newConsolePage(browser, c.size);
    const problems = watchPageProblems(page);
    const openid = (await followerOpenids())[c.follower] as string;
    if (c.blocked) await blockTemplates(openid);

    await signInAt(page, "/admin/notifications");
    await expect(page.getByTestId("template-form")).toBeVisible();
    await expect(page.getByTestId("template-select").locator("option")).not.toHaveCount(0);
    await expect(page.getByTestId("template-example")).toContainText("示例");
    const inputs = page.locator("[data-testid^='template-field-']:not([data-testid$='-problem'])");
    const keys = await inputs.evaluateAll((els) => els.map((el) => (el.getAttribute("data-testid") ?? "").replace("template-field-", "")));
    expect(keys.length).toBeGreaterThan(1);

    // A value over 20 characters is flagged as it is typed, and the flag goes when it is fixed.
    const first = keys[0] as string;
    await page.getByTestId(`template-field-${first}`).fill("这是一段超过二十个字的关键词内容用来检查规则是否生效");
    await expect(page.getByTestId(`template-field-${first}-problem`)).toContainText("20");
    await expect(page.getByTestId(`template-field-${first}`)).toHaveAttribute("aria-invalid", "true");
    await expectAccessible(page, "/admin/notifications (a rule broken)");
    // Sending is refused in the page, naming the keyword, without a call to WeChat.
    const sendsBefore = (await sim.state()).calls["cgi-bin/message/template/send"] ?? 0;
    await page.getByTestId("template-touser").fill(openid);
    await page.getByTestId("template-send").click();
    await expect(page.getByTestId("template-send-error")).toContainText("20");
    expect((await sim.state()).calls["cgi-bin/message/template/send"] ?? 0).toBe(sendsBefore);

    for (const [i, key] of keys.entries()) await page.getByTestId(`template-field-${key}`).fill(`测试内容${i + 1}`);
    await expect(page.locator("[data-testid$='-problem']")).toHaveCount(0);
    await page.getByTestId("template-send").click();

    const status = page.getByTestId("template-send-status");
    await expect(status).toBeVisible();
    await expect(status).toHaveAttribute("data-outcome", c.outcome, { timeout: 20_000 });
    await expect(status).toContainText(c.badge);
    await expect(page.getByTestId("template-job-status")).toContainText(c.status);
    const msgid = (await page.getByTestId("template-msgid").innerText()).trim();
    expect(msgid).toMatch(/^\d+$/);

    // What the page shows is what the webhook recorded for that msgid.
    const recorded = await appCall<{ send: TemplateSend }>(`/api/admin/templates/sends?msgid=${msgid}`);
    expect(recorded.status).toBe(200);
    expect(recorded.json.send).toMatchObject({ msgid, touser: openid, status: c.status, outcome: c.outcome });
    expect(recorded.json.send.templateId).toBeTruthy();
    expect(recorded.json.send.sentAt).toBeLessThanOrEqual(recorded.json.send.finishedAt as number);

    await expectAccessible(page, "/admin/notifications (sent)");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, "horizontal overflow in px").toBeLessThanOrEqual(0);
    await shoot(page, `admin-notifications-${c.size}`);
    expect(problems.errors, "page errors / console errors").toEqual([]);
    await page.context().close();
  });
}

test.describe("notification routes", () => {
  test("the send-status route needs admin auth, checks the msgid, and 404s an unknown one", async () => {
    expect((await appCall("/api/admin/templates/sends?msgid=1", { auth: null })).status).toBe(401);
    expect((await appCall("/api/admin/templates/sends?msgid=1", { auth: "Bearer wrong-token" })).status).toBe(401);
    for (const query of ["", "?msgid=", "?msgid=abc", "?msgid=1%3B%20drop", `?msgid=${"9".repeat(40)}`]) {
      const res = await appCall(`/api/admin/templates/sends${query}`);
      expect(res.status, query).toBe(400);
      expect(res.json).toMatchObject({ error: "invalid_msgid" });
      expectCleanError(res.text);
    }
    const unknown = await appCall("/api/admin/templates/sends?msgid=123456789012");
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ error: "unknown_msgid" });
  });

  test("a send breaking the rules → 400 naming the field, and nothing is recorded or sent", async () => {
    const templateId = ((await appCall<{ template_list: Array<{ template_id: string }> }>("/api/admin/templates")).json.template_list[0] as { template_id: string }).template_id;
    const touser = (await followerOpenids())[5] as string;
    const before = (await sim.state()).calls["cgi-bin/message/template/send"] ?? 0;
    const res = await appCall("/api/admin/templates/send", { method: "POST", body: { templateId, touser, data: { thing1: { value: "一".repeat(21) } } } });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: "invalid_template_message", field: "data.thing1.value" });
    expect((await sim.state()).calls["cgi-bin/message/template/send"] ?? 0).toBe(before);
  });
});
