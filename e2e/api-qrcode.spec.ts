/**
 * QR codes with a scene through the app: POST /api/admin/qrcodes against the
 * simulator, the image served at imageUrl, and the code scanned in the
 * simulated chat: SCAN for a follower, subscribe with qrscene_ otherwise,
 * both delivered to the app's webhook.
 */
import { expect, test } from "@playwright/test";
import { expectCleanError } from "./support/app-api";
import { admin, simPush } from "./support/admin-fetch";
import { followerOpenids, sim } from "./support/sim-control";
import { simulatorUrl } from "./e2e-env";

test("qrcode: create a temporary scene code, load its image, scan it as a follower and as a newcomer", async () => {
  const lastId = (await sim.apiLog()).at(-1)?.id ?? 0;
  const tooLong = await admin("POST", "/api/admin/qrcodes", { scene: "x".repeat(65) });
  expect(tooLong.status).toBe(400);
  expect(tooLong.json).toMatchObject({ error: "invalid_qrcode", field: "scene" });
  expectCleanError(tooLong.text);
  expect((await sim.apiLog(lastId)).filter((e) => e.endpoint === "cgi-bin/qrcode/create")).toHaveLength(0);

  const created = await admin("POST", "/api/admin/qrcodes", { scene: "e2e-promo", expireSeconds: 3600 });
  expect(created.status).toBe(201);
  expect(created.json).toMatchObject({ scene: "e2e-promo", permanent: false });
  const expiresIn = Date.parse(created.json.expiresAt as string) - Date.now();
  expect(expiresIn).toBeGreaterThan(3500_000);
  expect(expiresIn).toBeLessThanOrEqual(3600_000);
  const ticket = created.json.ticket as string;
  expect(created.json.imageUrl).toContain(`showqrcode?ticket=${encodeURIComponent(ticket)}`);
  const image = await fetch(created.json.imageUrl as string);
  expect(image.headers.get("content-type")).toBe("image/png");

  const [follower] = await followerOpenids();
  const scan = await simPush("/__sim/qrcodes/scan", { ticket, openid: follower });
  expect(scan.delivered).toBe(true);
  expect(scan.requestXml).toContain("<Event><![CDATA[SCAN]]></Event>");
  expect(scan.requestXml).toContain("<EventKey><![CDATA[e2e-promo]]></EventKey>");

  const newcomer = (await sim.users()).find((u) => u.subscribe === 0)!.openid;
  const subscribe = await simPush("/__sim/qrcodes/scan", { ticket, openid: newcomer });
  expect(subscribe.delivered).toBe(true);
  expect(subscribe.requestXml).toContain("<EventKey><![CDATA[qrscene_e2e-promo]]></EventKey>");
  expect(subscribe.requestXml).toContain(`<Ticket><![CDATA[${ticket}]]></Ticket>`);
  expect(subscribe.reply?.kind === "text" ? subscribe.reply.content : "").toContain("欢迎关注！（来自二维码：e2e-promo）");

  const permanent = await admin("POST", "/api/admin/qrcodes", { scene: "shop-1", permanent: true });
  expect(permanent.status).toBe(201);
  expect(permanent.json).toMatchObject({ permanent: true, expiresAt: null });
});

test("qrcode: the simulator's chat lists the app's codes; scanning one delivers the event to the app", async ({ page }) => {
  const created = await admin("POST", "/api/admin/qrcodes", { scene: "chat-scan", permanent: true });
  expect(created.status).toBe(201);
  await page.goto(`${simulatorUrl}/`);
  await page.getByTestId("qr-panel").locator("summary").click();
  const item = page.getByTestId("qr-list").locator("li", { hasText: "场景 chat-scan" });
  await item.getByTestId("qr-scan").click();
  await expect(page.getByTestId("push-status")).toContainText(/已送达：(SCAN|subscribe)/);
});
