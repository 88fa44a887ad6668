/**
 * Mass sending, end to end: the library sends to every follower on the
 * simulator, a retry with the same clientmsgid is not sent again (45065
 * names the first msg_id), and MASSSENDJOBFINISH reaches the running app's
 * webhook, which answers `success`. (No admin route for mass sending exists
 * in the app contract, so the path goes through the webhook.)
 */
import { expect, test } from "@playwright/test";
import { getMassStatus, sendToAll } from "@wxmp/wechat/api/mass";
import { jobEvents, simulatorCaller, waitForJobEvent } from "./support/broadcast";
import { followerOpenids } from "./support/sim-control";

test("a retried send is delivered once and its MASSSENDJOBFINISH is answered with success", async () => {
  const client = simulatorCaller();
  const clientmsgid = `e2e-${Date.now()}`;
  const content = { msgtype: "text" as const, text: { content: `群发测试 ${clientmsgid}` } };
  const first = await sendToAll(client, { toAll: true }, content, { clientmsgid });
  expect(first.status).toBe("sent");
  const msgId = (first as { msgId: string }).msgId;
  expect(await sendToAll(client, { toAll: true }, content, { clientmsgid })).toEqual({ status: "duplicate", msgId });

  const event = await waitForJobEvent(`<MsgID>${msgId}</MsgID>`);
  expect(event).toMatchObject({ event: "MASSSENDJOBFINISH", delivered: true, statuses: [200], replyErrors: [], userVisibleError: null });
  expect(event?.answers[0]).toBe("success");
  const followers = (await followerOpenids()).length;
  expect(event?.xml).toContain(`<SentCount>${followers}</SentCount>`);
  expect((await jobEvents()).filter((e) => e.xml.includes(`<MsgID>${msgId}</MsgID>`))).toHaveLength(1);
  expect(await getMassStatus(client, msgId)).toBe("SEND_SUCCESS");
});
