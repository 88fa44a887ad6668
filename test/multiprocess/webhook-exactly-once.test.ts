/**
 * Webhook exactly-once ACROSS PROCESSES: two Node processes serve the same webhook
 * (createWebhook over node:http) with the app's dedup store on one database (prepared
 * statements on SQLite and on PostgreSQL),
 * and WeChat's retries of a push land on either. What matters: the bot runs once per
 * push, every delivery gets the same answer, and a reply that misses the deadline is
 * sent late exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliver, signedTextPush, type PushAnswer } from "./support/push";
import { randomAccount, testDatabases } from "./support/fixtures";
import { killAllWorkers, startWorker, type WorkerEvent, type WorkerProcess } from "./support/worker-process";

const databases = await testDatabases();
const account = randomAccount();
const instances = new Map<string, { workers: WorkerProcess[]; urls: string[] }>();

beforeAll(async () => {
  const starting = databases.map(async (db) => {
    const workers = ["a", "b"].map((name) =>
      startWorker(`${db.label}-${name}`, "test/multiprocess/workers/webhook-worker.ts", {
        DATABASE_URL: db.url,
        WECHAT_TOKEN: account.token,
        APP_ID: account.appId,
      }),
    );
    const listening = await Promise.all(workers.map((w) => w.waitFor<WorkerEvent & { port: number; dbOk: boolean }>("listening", { timeoutMs: 45_000 })));
    expect(listening.every((e) => e.dbOk)).toBe(true);
    instances.set(db.label, { workers, urls: listening.map((e) => `http://127.0.0.1:${e.port}`) });
  });
  await Promise.all(starting);
}, 60_000);

afterAll(async () => {
  await killAllWorkers();
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Events of `type` for one push (its content is unique per test) from every process. */
const eventsFor = (workers: WorkerProcess[], type: string, content: string): WorkerEvent[] =>
  workers.flatMap((w) => w.events.filter((e) => e.type === type && typeof e.content === "string" && e.content.includes(content)));

describe.each(databases)("webhook exactly-once across processes ($label)", ({ label }) => {
  it("the same push 3× at once, split over two processes → the bot runs once, three identical replies; a later retry elsewhere gets the stored reply", async () => {
    const { workers, urls } = instances.get(label)!;
    const content = `hello-${label}-${Date.now()}`;
    const push = signedTextPush({ token: account.token, content });
    const [a, b] = urls.map((u) => `${u}/wechat/4500`) as [string, string];

    const answers = await Promise.all([deliver(a, push), deliver(b, push), deliver(a, push)]);
    await sleep(200); // stdout may trail the HTTP answer a little

    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(answers[0]!.body).toContain(`<Content><![CDATA[echo:${content}]]></Content>`);
    expect(new Set(answers.map((r) => r.body)).size).toBe(1);
    const runs = eventsFor(workers, "executed", content);
    expect(runs).toHaveLength(1);

    // WeChat retries once more, to the process that did NOT run the bot.
    const other = runs[0]!.pid === workers[0]!.pid ? b : a;
    const retry = await deliver(other, push);
    await sleep(100);
    expect(retry.status).toBe(200);
    expect(retry.body).toBe(answers[0]!.body);
    expect(eventsFor(workers, "executed", content)).toHaveLength(1);
  });

  it("a slow bot (2 s) with a 500 ms reply deadline → every delivery answers `success` in time, the late reply goes out once", async () => {
    const { workers, urls } = instances.get(label)!;
    const deadlineMs = 500;
    const content = `sleep=2000 slow-${label}-${Date.now()}`;
    const push = signedTextPush({ token: account.token, content });
    const [a, b] = urls.map((u) => `${u}/wechat/${deadlineMs}`) as [string, string];

    const answers: PushAnswer[] = await Promise.all([deliver(a, push), deliver(b, push), deliver(a, push)]);

    for (const answer of answers) {
      expect(answer).toMatchObject({ status: 200, body: "success" });
      // At the deadline, not when the 2 s bot is done (measured by the client: HTTP, database
      // round trips and a busy machine's scheduling are included, hence the slack).
      expect(answer.ms).toBeLessThan(deadlineMs + 1000);
    }
    // The bot finishes after 2 s; its reply is delivered late by whichever process ran it.
    const late = await Promise.any(workers.map((w) => w.waitFor("late", { timeoutMs: 6000, match: (e) => e.content === `echo:${content}` })));
    await sleep(300);
    expect(eventsFor(workers, "late", content)).toHaveLength(1);
    expect(late.pid).toBe(eventsFor(workers, "executed", content)[0]!.pid);
    expect(eventsFor(workers, "executed", content)).toHaveLength(1);

    // A retry after all that: still `success`, still not run again, nothing sent twice.
    const retry = await deliver(b, push);
    await sleep(100);
    expect(retry).toMatchObject({ status: 200, body: "success" });
    expect(eventsFor(workers, "executed", content)).toHaveLength(1);
    expect(eventsFor(workers, "late", content)).toHaveLength(1);
  });
});
