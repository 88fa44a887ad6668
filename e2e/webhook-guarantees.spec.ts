/**
 * The webhook's two promises, checked against two running app processes that
 * share one database:
 *  - exactly once: a push delivered several times (concurrently, to either
 *    process, or as a later retry) gets one answer and runs the bot once;
 *  - always on time: every delivery is answered within WeChat's 5 s, a slow
 *    handler's reply arrives later as ONE customer-service message, a throwing
 *    handler still gets `success`.
 * "Ran once" is observed through side effects the simulator records
 * (customer-service messages) and through the stored reply's CreateTime.
 */
import { expect, test } from "@playwright/test";
import { E2E } from "./e2e-env";
import { followerOpenids, pollUntil, sim, sleep, textsTo } from "./support/sim-control";
import { buildPush, clickXml, newOpenid, openReply, postPush, postRaw, textXml, xmlField, type RawAnswer, type WireMode } from "./support/wechat-push";

/** WeChat drops the connection after this long. */
const WECHAT_DEADLINE_MS = 5000;

const figures = { deliveries: 0, duplicatesExecuted: 0, deadlineMisses: 0, slowestMs: 0 };

/** One delivery, counted in the figures. */
async function deliver(xml: string, port: number, mode: WireMode = "plaintext"): Promise<RawAnswer> {
  const answer = await postPush({ xml, port, mode });
  record(answer.status, answer.ms);
  return answer;
}

/** The very same signed request (same query, same body) sent to each of `ports` at once, as a duplicated delivery. */
async function deliverIdentical(xml: string, ports: number[], mode: WireMode = "plaintext"): Promise<RawAnswer[]> {
  const { url, body } = buildPush({ xml, mode });
  return Promise.all(
    ports.map(async (port) => {
      const target = new URL(url);
      target.port = String(port);
      const answer = await postRaw(target.toString(), body);
      record(answer.status, answer.ms);
      return answer;
    }),
  );
}

function record(status: number | null, ms: number): void {
  figures.deliveries++;
  figures.slowestMs = Math.max(figures.slowestMs, ms);
  if (status !== 200 || ms >= WECHAT_DEADLINE_MS) figures.deadlineMisses++;
}

/** Followers (customer-service messages need one inside the 48-hour window); each test takes its own. */
let followers: string[] = [];
let nextFollower = 200;
async function freshFollower(): Promise<string> {
  const openid = followers[nextFollower++ % followers.length] as string;
  await sim.markActive(openid); // raw deliveries bypass the simulator, which opens the window on its own pushes
  return openid;
}

/** Waits for the late customer-service reply, then a while longer to make sure no second one comes. */
async function lateReplies(openid: string, since: number, expected: string, waitMs: number, settleMs = 2000): Promise<string[]> {
  await pollUntil(() => textsTo(openid, since), (texts) => texts.length > 0, waitMs);
  await sleep(settleMs);
  const texts = await textsTo(openid, since);
  figures.duplicatesExecuted += Math.max(0, texts.length - 1);
  expect(texts).toEqual([expected]);
  return texts;
}

test.beforeAll(async () => {
  followers = await followerOpenids();
  expect(followers.length).toBeGreaterThan(20);
});

test.afterAll(() => {
  console.log(
    `[webhook guarantees] deliveries tried: ${figures.deliveries}, duplicates executed: ${figures.duplicatesExecuted} (target 0), ` +
      `deadline misses: ${figures.deadlineMisses} (target 0), slowest answer: ${figures.slowestMs} ms`,
  );
});

test.describe("exactly once", () => {
  test("3 concurrent deliveries to one process → 3 identical answers; the slow handler ran once", async () => {
    // A text within the deadline: three byte-identical passive replies (after decryption).
    const text = textXml({ from: newOpenid(), content: "three at once" });
    const answers = await Promise.all([1, 2, 3].map(() => deliver(text, E2E.appPort, "safe")));
    const replies = answers.map((a) => openReply(a.body));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(xmlField(replies[0] ?? "", "Content")).toBe("echo:three at once");
    expect(new Set(replies).size).toBe(1);

    // A handler past the 2 s reply deadline: all three answered `success` in time,
    // and its reply comes once, as a customer-service message.
    const openid = await freshFollower();
    const since = Date.now();
    const click = clickXml({ from: openid, key: "TEST_SLOW_2500" });
    const slow = await deliverIdentical(click, [E2E.appPort, E2E.appPort, E2E.appPort]);
    for (const a of slow) {
      expect(a.status).toBe(200);
      expect(a.body).toBe("success");
      expect(a.ms).toBeLessThan(WECHAT_DEADLINE_MS);
    }
    await lateReplies(openid, since, "test-bot:slow:2500", 6000);
  });

  test("3 concurrent deliveries split across both processes → same answers, one execution", async () => {
    const text = textXml({ from: newOpenid(), content: "split three" });
    const ports = [E2E.appPort, E2E.secondAppPort, E2E.appPort];
    const answers = await Promise.all(ports.map((port) => deliver(text, port, "compatible")));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    const replies = answers.map((a) => openReply(a.body));
    expect(xmlField(replies[0] ?? "", "Content")).toBe("echo:split three");
    expect(new Set(replies).size).toBe(1);

    const openid = await freshFollower();
    const since = Date.now();
    const click = clickXml({ from: openid, key: "TEST_SLOW_2500" });
    const slow = await deliverIdentical(click, [E2E.secondAppPort, E2E.appPort, E2E.secondAppPort], "safe");
    for (const a of slow) {
      expect(a.status).toBe(200);
      expect(a.body).toBe("success");
      expect(a.ms).toBeLessThan(WECHAT_DEADLINE_MS);
    }
    await lateReplies(openid, since, "test-bot:slow:2500", 6000);
  });

  test("a retry to the second process after the first finished → the stored reply, no second run", async () => {
    const text = textXml({ from: newOpenid(), content: "retry later" });
    const first = await deliver(text, E2E.appPort);
    expect(first.status).toBe(200);
    expect(xmlField(first.body, "Content")).toBe("echo:retry later");
    // A second run would stamp a later CreateTime (seconds): wait past the second boundary.
    await sleep(1200);
    const retry = await deliver(text, E2E.secondAppPort);
    expect(retry.status).toBe(200);
    expect(retry.body).toBe(first.body);

    // The same for a push whose reply went out late by customer service: the retry must not resend it.
    const openid = await freshFollower();
    const since = Date.now();
    const click = clickXml({ from: openid, key: "TEST_SLOW_2200" });
    const slowFirst = await deliver(click, E2E.appPort);
    expect(slowFirst.body).toBe("success");
    await pollUntil(() => textsTo(openid, since), (t) => t.length > 0, 5000);
    const slowRetry = await deliver(click, E2E.secondAppPort);
    expect(slowRetry.status).toBe(200);
    expect(slowRetry.body).toBe("success");
    expect(slowRetry.ms).toBeLessThan(1000); // answered from the store, not by waiting for a new run
    await lateReplies(openid, since, "test-bot:slow:2200", 1000, 2800);
  });
});

test.describe("always on time", () => {
  test("a 10 s handler: every attempt answered in time, exactly ONE customer-service reply later", async () => {
    const openid = await freshFollower();
    const since = Date.now();
    // Through the simulator, which hangs up at 5 s and retries like WeChat.
    const result = await sim.push({ mode: "safe", message: { type: "CLICK", from: openid, key: "TEST_SLOW_10000" } });
    for (const attempt of result.attempts) {
      record(attempt.status, attempt.ms);
      expect(attempt.status).toBe(200);
      expect(attempt.body).toBe("success");
      expect(attempt.ms).toBeLessThan(WECHAT_DEADLINE_MS);
    }
    expect(result.delivered).toBe(true);
    expect(result.userVisibleError).toBeUndefined();

    // WeChat's retries of the same push (as if the answer had been lost), to either process, while it still runs.
    const retries = await Promise.all([E2E.secondAppPort, E2E.appPort].map((port) => deliver(result.requestXml, port, "safe")));
    for (const a of retries) {
      expect(a.status).toBe(200);
      expect(a.body).toBe("success");
      expect(a.ms).toBeLessThan(WECHAT_DEADLINE_MS);
    }
    expect(await textsTo(openid, since)).toEqual([]); // not before the handler finished
    await lateReplies(openid, since, "test-bot:slow:10000", 14_000, 2500);
  });

  test("a throwing handler → 200 `success`, and the app keeps serving", async () => {
    const from = newOpenid();
    const result = await sim.push({ mode: "safe", message: { type: "CLICK", from, key: "TEST_THROW" } });
    expect(result.attempts).toHaveLength(1);
    record(result.attempts[0]?.status ?? null, result.attempts[0]?.ms ?? 0);
    expect(result.attempts[0]?.status).toBe(200);
    expect(result.attempts[0]?.body).toBe("success");
    expect(result.userVisibleError).toBeUndefined();
    // Its retry too (the failure was stored as `success`, not left running).
    const retry = await deliver(result.requestXml, E2E.secondAppPort);
    expect(retry).toMatchObject({ status: 200, body: "success" });
    for (const port of [E2E.appPort, E2E.secondAppPort]) {
      const after = await deliver(textXml({ from, content: "still alive" }), port);
      expect(after.status).toBe(200);
      expect(xmlField(after.body, "Content")).toBe("echo:still alive");
    }
  });
});

test("figures: no duplicate executions, no deadline misses", () => {
  expect(figures.deliveries).toBeGreaterThanOrEqual(20);
  expect(figures.duplicatesExecuted).toBe(0);
  expect(figures.deadlineMisses).toBe(0);
});
