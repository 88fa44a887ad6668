/**
 * The webhook cannot be downgraded or replayed with another body (route level, built app):
 *  - an app with WECHAT_ENCODING_AES_KEY and without WECHAT_ACCEPT_PLAINTEXT refuses plaintext
 *    pushes (401) and still answers safe-mode ones;
 *  - the suite's apps, which set WECHAT_ACCEPT_PLAINTEXT=1, accept them (the mode switch);
 *  - a signed plaintext query reused with another body is refused (401), on either process
 *    (the binding is in the database); with the same body it is a retry and gets the reply;
 *  - a refused push never causes a customer-service (late) message.
 */
import { expect, test } from "@playwright/test";
import { E2E } from "./e2e-env";
import { startApp, type AppProcess } from "./support/app-process";
import { followerOpenids, sim, sleep, textsTo } from "./support/sim-control";
import { buildPush, clickXml, newOpenid, openReply, postPush, postRaw, textXml, xmlField } from "./support/wechat-push";

const STRICT_PORT = E2E.appPort + 2;
let strict: AppProcess | undefined;

test.beforeAll(async () => {
  strict = await startApp(STRICT_PORT, { WECHAT_ACCEPT_PLAINTEXT: undefined });
});
test.afterAll(async () => {
  await strict?.stop();
});

/** A follower inside the 48-hour window, so a late reply — were one sent — would be recorded. */
async function activeFollower(index: number): Promise<string> {
  const followers = await followerOpenids();
  const openid = followers[index % followers.length] as string;
  await sim.markActive(openid);
  return openid;
}

test("a key configured and no WECHAT_ACCEPT_PLAINTEXT: a plaintext push → 401; safe mode still answered", async () => {
  const plain = await postPush({ port: STRICT_PORT, xml: textXml({ from: newOpenid(), content: "downgraded" }) });
  expect(plain.status).toBe(401);
  expect(plain.body).not.toContain("echo:");
  const safe = await postPush({ port: STRICT_PORT, mode: "safe", xml: textXml({ from: newOpenid(), content: "sealed" }) });
  expect(safe.status).toBe(200);
  expect(xmlField(openReply(safe.body), "Content")).toBe("echo:sealed");
});

test("WECHAT_ACCEPT_PLAINTEXT=1 (the suite's apps): the same plaintext push is answered", async () => {
  const plain = await postPush({ port: E2E.appPort, xml: textXml({ from: newOpenid(), content: "switching" }) });
  expect(plain.status).toBe(200);
  expect(xmlField(plain.body, "Content")).toBe("echo:switching");
});

test("a signed plaintext query with another body → 401 on both processes; the same body → the stored reply", async () => {
  const from = newOpenid();
  const { url, body } = buildPush({ xml: textXml({ from, content: "genuine" }) });
  const first = await postRaw(url, body);
  expect(first.status).toBe(200);
  expect(xmlField(first.body, "Content")).toBe("echo:genuine");
  const forged = textXml({ from, content: "forged" });
  expect((await postRaw(url, forged)).status).toBe(401);
  const other = new URL(url);
  other.port = String(E2E.secondAppPort);
  expect((await postRaw(other.toString(), forged)).status).toBe(401);
  const retry = await postRaw(other.toString(), body);
  expect(retry.status).toBe(200);
  expect(retry.body).toBe(first.body);
});

test("a refused push never causes a customer-service message", async () => {
  const downgraded = await activeFollower(300);
  const replayed = await activeFollower(301);
  const since = Date.now();
  // A slow click would be answered late by customer-service message — were it accepted.
  const refused = await postPush({ port: STRICT_PORT, xml: clickXml({ from: downgraded, key: "TEST_SLOW_2200" }) });
  expect(refused.status).toBe(401);
  const { url, body } = buildPush({ xml: textXml({ from: replayed, content: "cover" }) });
  expect((await postRaw(url, body)).status).toBe(200);
  expect((await postRaw(url, clickXml({ from: replayed, key: "TEST_SLOW_2200" }))).status).toBe(401);
  await sleep(4500); // past the 2 s deadline plus the 2.2 s handler
  expect(await textsTo(downgraded, since)).toEqual([]);
  expect(await textsTo(replayed, since)).toEqual([]);
});
