/**
 * Admin console, media library (/admin/media): the operator uploads an image with a
 * visible progress bar, finds it in the permanent library, previews it through the app's
 * own origin (no access_token in any URL the browser sees), copies its media_id and
 * deletes it. Route-level checks of /api/admin/media and /api/admin/media/<mediaId>.
 */
import net from "node:net";
import { expect, test, type Page } from "@playwright/test";
import { appUrl, E2E } from "./e2e-env";
import { admin } from "./support/admin-fetch";
import { sim } from "./support/sim-control";
import { expectCleanError } from "./support/app-api";
import { desktopContext, expectAccessible, screenshot, signInOnScreen, watchConsole } from "./support/console-screen";

// 1×1 PNG; browsers stop decoding at IEND, so padding after it keeps it a valid picture.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");

/** The page at `width` × its height scrolls only up and down (issue 24: nothing sideways at 360 px). */
async function expectNoSideScroll(page: Page, width: 360 | 1280): Promise<void> {
  await page.setViewportSize({ width, height: width === 360 ? 740 : 800 });
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth), { message: `horizontal scroll at ${width} px` }).toBeLessThanOrEqual(width);
}

/** Sends only the headers of an upload declaring `length` bytes, and returns the status line. */
function declareUpload(length: number, query = ""): Promise<string> {
  const { hostname, port } = new URL(appUrl());
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname === "localhost" ? "127.0.0.1" : hostname);
    let data = "";
    socket.setTimeout(10_000, () => reject(new Error(`no answer before the body; got: ${data}`)));
    socket.on("data", (chunk) => {
      data += chunk.toString();
      if (data.includes("\r\n\r\n")) {
        socket.destroy();
        resolve(data.split("\r\n")[0]!);
      }
    });
    socket.on("error", reject);
    socket.write(
      `POST /api/admin/media${query} HTTP/1.1\r\nhost: ${new URL(appUrl()).host}\r\nauthorization: Bearer ${E2E.adminToken}\r\n` +
        `content-type: multipart/form-data; boundary=xyz\r\ncontent-length: ${length}\r\n\r\n--xyz\r\n`,
    ); // then nothing more: the answer must come without the body
  });
}

test("media routes: 401 without admin auth, 400 shapes, 413 before reading an oversize upload", async () => {
  for (const [method, path] of [
    ["GET", "/api/admin/media?type=image"],
    ["POST", "/api/admin/media"],
    ["GET", "/api/admin/media/abc"],
    ["DELETE", "/api/admin/media/abc"],
  ] as const) {
    expect((await fetch(`${appUrl()}${path}`, { method })).status, `${method} ${path}`).toBe(401);
  }
  const bad: Array<[Awaited<ReturnType<typeof admin>>, string]> = [
    [await admin("GET", "/api/admin/media?type=news2"), "invalid_type"],
    [await admin("GET", "/api/admin/media?type=image&offset=-1"), "invalid_offset"],
    [await admin("POST", "/api/admin/media", { type: "image" }), "invalid_form"],
    [await admin("GET", "/api/admin/media/bad%20id"), "invalid_media_id"],
    [await admin("DELETE", "/api/admin/media/bad%24id"), "invalid_media_id"],
  ];
  for (const [answer, error] of bad) {
    expect(answer.status, error).toBe(400);
    expect(answer.json.error).toBe(error);
    expectCleanError(answer.text);
  }
  const noFile = new FormData();
  noFile.append("type", "image");
  const missing = await admin("POST", "/api/admin/media", noFile);
  expect(missing.status).toBe(400);
  expect(missing.json).toMatchObject({ error: "invalid_media", field: "file" });

  expect(await declareUpload(11 * 1024 * 1024)).toMatch(/^HTTP\/1\.1 413/);

  const unknown = await admin("DELETE", "/api/admin/media/no_such_media_id");
  expect(unknown.status).toBe(502);
  expect(unknown.json).toMatchObject({ error: "wechat_error", errcode: 40007 });
});

function upload(fields: Record<string, string>, name: string, data: Uint8Array, type: string): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  f.append("file", new Blob([new Uint8Array(data)], { type }), name);
  return f;
}

async function fetchPreview(path: string): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const res = await fetch(`${appUrl()}${path}`, { headers: { authorization: `Bearer ${E2E.adminToken}` } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

test("media preview route streams temporary media, permanent images and videos byte for byte, inert", async () => {
  const temp = await admin("POST", "/api/admin/media", upload({ type: "image", permanent: "0" }, "t.png", PNG, "image/png"));
  expect(temp.status).toBe(201);
  const tempPreview = await fetchPreview(`/api/admin/media/${temp.json.mediaId as string}?temporary=1`);
  expect(tempPreview.status).toBe(200);
  expect(tempPreview.headers.get("content-type")).toBe("image/png");
  expect(tempPreview.bytes.equals(PNG)).toBe(true);
  expect(tempPreview.headers.get("x-content-type-options")).toBe("nosniff");
  expect(tempPreview.headers.get("content-security-policy")).toContain("sandbox");
  // A temporary media_id is no permanent material: WeChat's 40007 surfaces as 502.
  expect((await fetchPreview(`/api/admin/media/${temp.json.mediaId as string}`)).status).toBe(502);

  // An MP4's first box (ftyp), then filler: the server checks the first bytes, not the whole video.
  const clip = Buffer.concat([Buffer.from("00000018", "hex"), Buffer.from("ftypmp42"), Buffer.alloc(2048, 7)]);
  const video = await admin("POST", "/api/admin/media", upload({ type: "video", permanent: "1", title: "演示", introduction: "e2e" }, "clip.mp4", clip, "video/mp4"));
  expect(video.status).toBe(201);
  const videoPreview = await fetchPreview(`/api/admin/media/${video.json.mediaId as string}`);
  expect(videoPreview.status).toBe(200);
  expect(videoPreview.headers.get("content-type")).toBe("video/mp4");
  expect(videoPreview.bytes.equals(clip)).toBe(true);
  expect((await admin("DELETE", `/api/admin/media/${video.json.mediaId as string}`)).json).toEqual({ ok: true });
  expect((await fetchPreview(`/api/admin/media/${video.json.mediaId as string}`)).status).toBe(502);
});

test("media screen: bad files refused in the browser before upload; several files dropped at once, each with its progress", async ({ page }) => {
  const errors = watchConsole(page);
  const posts: string[] = [];
  page.on("request", (req) => {
    if (req.method() === "POST" && req.url().includes("/api/admin/media")) posts.push(req.url());
  });
  await signInOnScreen(page, "/admin/media");
  await expect(page.getByTestId("media-total")).toHaveText(/共 \d+ 个/);

  // A 17-byte text file named .png and a file over the thumb limit: refused on the spot, never sent.
  await page.getByTestId("media-file").setInputFiles({ name: "fake.png", mimeType: "image/png", buffer: Buffer.from("this is not a png") });
  await expect(page.getByTestId("media-upload-entry").filter({ hasText: "fake.png" }).getByTestId("media-upload-error")).toContainText("文件内容与扩展名不符");
  await page.getByTestId("media-upload-type").selectOption("thumb");
  await page.getByTestId("media-file").setInputFiles({ name: "big.jpg", mimeType: "image/jpeg", buffer: Buffer.concat([Buffer.from("ffd8ffe0", "hex"), Buffer.alloc(70 * 1024)]) });
  await expect(page.getByTestId("media-upload-entry").filter({ hasText: "big.jpg" }).getByTestId("media-upload-error")).toContainText("最大 64KB");
  await page.getByTestId("media-upload-submit").click();
  await expect(page.getByTestId("media-upload").getByRole("alert").last()).toContainText("都不符合要求");
  expect(posts).toEqual([]);

  // Two pictures dropped on the zone at once: two entries, each uploaded and listed with its own id.
  await page.getByTestId("media-upload-type").selectOption("image");
  const names = [`drop-a-${Date.now()}.png`, `drop-b-${Date.now()}.png`];
  const dataTransfer = await page.evaluateHandle(
    ({ names, png }) => {
      const dt = new DataTransfer();
      const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
      for (const n of names) dt.items.add(new File([bytes], n, { type: "image/png" }));
      return dt;
    },
    { names, png: PNG.toString("base64") },
  );
  await page.getByTestId("media-dropzone").dispatchEvent("drop", { dataTransfer });
  await expect(page.getByTestId("media-upload-entry")).toHaveCount(2);
  await expect(page.getByTestId("media-upload-entry").filter({ hasText: "待上传" })).toHaveCount(2);
  await page.getByTestId("media-upload-submit").click();
  await expect(page.getByTestId("media-uploaded")).toHaveCount(2, { timeout: 20_000 });
  expect(posts).toHaveLength(2);
  expect(posts.every((u) => u.includes("type=image&permanent=1"))).toBe(true);
  for (const n of names) await expect(page.getByTestId("media-item").filter({ hasText: n })).toBeVisible();
  const ids = await page.getByTestId("media-uploaded").evaluateAll((els) => els.map((e) => e.getAttribute("data-media-id")));
  for (const id of ids) expect((await admin("DELETE", `/api/admin/media/${id}`)).status).toBe(200);
  expect(errors).toEqual([]);
});

test("media routes: a text file named .png is refused with 400 and an oversize thumb with 413 before reading it, nothing sent to WeChat", async () => {
  const lastId = (await sim.apiLog()).at(-1)?.id ?? 0;
  const fake = await admin("POST", "/api/admin/media", upload({ type: "image", permanent: "1" }, "note.png", Buffer.from("this is not a png"), "image/png"));
  expect(fake.status).toBe(400);
  expect(fake.json).toMatchObject({ error: "invalid_media", field: "file" });
  expectCleanError(fake.text);
  // The kind in the URL bounds the body by that kind's limit: a 1 MB thumb is refused on its declared length.
  expect(await declareUpload(1024 * 1024, "?type=thumb&permanent=0")).toMatch(/^HTTP\/1\.1 413/);
  expect((await sim.apiLog(lastId)).filter((e) => e.endpoint.includes("media") || e.endpoint.includes("material"))).toHaveLength(0);
});

test("media screen: upload with progress, preview, copy the media_id, delete", async ({ page, context, browser }) => {
  const errors = watchConsole(page);
  const urls: string[] = [];
  page.on("request", (req) => urls.push(req.url()));
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: appUrl() });
  await signInOnScreen(page, "/admin/media");
  await expect(page.getByTestId("media-total")).toHaveText(/共 \d+ 个/);
  await expectAccessible(page, "media (empty form)");

  // A slow uplink, so the progress bar is seen moving (1.5 MB at 512 KB/s ≈ 3 s).
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 512 * 1024 });
  const name = `e2e-${Date.now()}.png`;
  await page.getByTestId("media-file").setInputFiles({ name, mimeType: "image/png", buffer: Buffer.concat([PNG, Buffer.alloc(1_500_000)]) });
  await page.getByTestId("media-upload-submit").click();
  const bar = page.getByTestId("media-progress").locator("progress");
  await expect(bar).toBeVisible();
  await expect.poll(() => bar.evaluate((p: HTMLProgressElement) => p.value).catch(() => 1), { timeout: 10_000 }).toBeGreaterThan(0);
  await expect(page.getByTestId("media-uploaded")).toBeVisible({ timeout: 20_000 });
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await expect(page.getByTestId("media-progress")).toHaveCount(0);
  const mediaId = (await page.getByTestId("media-uploaded").getAttribute("data-media-id"))!;
  expect(mediaId).toMatch(/^[A-Za-z0-9_-]+$/);
  // Shown short (the full one is copied and in the title).
  const shown = (await page.getByTestId("media-uploaded-id").textContent())!.trim();
  expect(shown.length).toBeLessThan(20);
  expect(mediaId.startsWith(shown.slice(0, 6))).toBe(true);

  // Copy right after the upload, with a visible confirmation.
  await page.getByTestId("media-uploaded").getByTestId("media-copy").click();
  await expect(page.getByTestId("media-uploaded").getByTestId("media-copy-status")).toHaveText("已复制");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(mediaId);

  // It is in the library, as a thumbnail drawn through our server; preview it.
  const item = page.locator(`[data-testid="media-item"][data-media-id="${mediaId}"]`);
  await expect(item).toContainText(name);
  const thumb = item.getByTestId("media-thumb");
  await expect.poll(() => thumb.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth > 0)).toBe(true);
  expect(await thumb.getAttribute("src")).toBe(`/api/admin/media/${mediaId}`);
  await item.getByTestId("media-preview-toggle").click();
  const img = item.getByTestId("media-preview").locator("img");
  await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth > 0)).toBe(true);
  expect(await img.getAttribute("src")).toBe(`/api/admin/media/${mediaId}`);
  await item.getByTestId("media-copy").click();
  await expect(item.getByTestId("media-copy-status")).toHaveText("已复制");
  await expectAccessible(page, "media (phone, preview open)");
  await screenshot(page, "admin-media-phone");
  await expectNoSideScroll(page, 360);
  await screenshot(page, "admin-media-360");

  const desk = await desktopContext(browser, context);
  const deskPage = await desk.newPage();
  const deskErrors = watchConsole(deskPage);
  await deskPage.goto(`${appUrl()}/admin/media`);
  await expect(deskPage.locator(`[data-testid="media-item"][data-media-id="${mediaId}"]`)).toBeVisible();
  await expectAccessible(deskPage, "media (desktop)");
  await expectNoSideScroll(deskPage, 1280);
  await screenshot(deskPage, "admin-media-desktop");
  await desk.close();

  // Delete, behind a confirmation.
  await item.getByTestId("media-delete").click();
  const dialog = page.getByTestId("media-delete-dialog");
  await expect(dialog).toBeVisible();
  await expectAccessible(page, "media (delete dialog)");
  await dialog.getByTestId("media-delete-confirm").click();
  await expect(page.getByTestId("media-notice")).toContainText("已删除");
  await expect(item).toHaveCount(0);
  const list = await admin("GET", "/api/admin/media?type=image&offset=0");
  expect((list.json.item as Array<{ media_id: string }>).map((i) => i.media_id)).not.toContain(mediaId);

  expect(urls.filter((u) => /access_token|ticket=/i.test(u))).toEqual([]);
  expect([...errors, ...deskErrors]).toEqual([]);
});
