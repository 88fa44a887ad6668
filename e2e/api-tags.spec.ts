/**
 * Tags (issue 14, group 1) end to end: followers tagged on WeChat's side (the
 * simulator's tags API, called as another tool of the operator's would) and
 * read back through the app's GET /api/admin/followers?tagid=, which calls
 * tags/get, user/tag/get and user/info/batchget.
 */
import { expect, test } from "@playwright/test";
import { E2E, simulatorUrl } from "./e2e-env";
import { appCall, expectCleanError } from "./support/app-api";
import { followerOpenids } from "./support/sim-control";

interface FollowersPage {
  total: number;
  count: number;
  next_openid: string;
  users: Array<{ openid: string; tagid_list: number[] } & Record<string, unknown>>;
}

/** A call to the simulated WeChat API with a stable_token (which leaves the app's own token valid). */
async function wechat(path: string, body: unknown): Promise<Record<string, unknown>> {
  const tokenRes = await fetch(`${simulatorUrl}/cgi-bin/stable_token`, {
    method: "POST",
    body: JSON.stringify({ grant_type: "client_credential", appid: E2E.appId, secret: E2E.appSecret }),
  });
  const { access_token } = (await tokenRes.json()) as { access_token: string };
  const res = await fetch(`${simulatorUrl}/cgi-bin/${path}?access_token=${access_token}`, { method: "POST", body: JSON.stringify(body) });
  return (await res.json()) as Record<string, unknown>;
}

test("followers of a tag: same shape as the full list, paged, tagged users only", async () => {
  const followers = await followerOpenids();
  const created = await wechat("tags/create", { tag: { name: `e2e 标签 ${Date.now() % 1_000_000}` } });
  const tagid = (created.tag as { id: number }).id;
  const tagged = [followers[30], followers[31], followers[32]] as string[];
  expect(await wechat("tags/members/batchtagging", { openid_list: tagged, tagid })).toMatchObject({ errcode: 0 });

  const all = await appCall<FollowersPage>(`/api/admin/followers?tagid=${tagid}`);
  expect(all.status).toBe(200);
  expect(all.json).toMatchObject({ total: 3, count: 3, next_openid: "" });
  expect(all.json.users.map((u) => u.openid)).toEqual(tagged);
  for (const user of all.json.users) {
    expect(user.tagid_list).toContain(tagid);
    expect(user).not.toHaveProperty("nickname"); // user/info has no profile since 2021-12-27
  }

  const first = await appCall<FollowersPage>(`/api/admin/followers?tagid=${tagid}&limit=2`);
  expect(first.json).toMatchObject({ total: 3, count: 2, next_openid: tagged[1] });
  const second = await appCall<FollowersPage>(`/api/admin/followers?tagid=${tagid}&limit=2&next_openid=${first.json.next_openid}`);
  expect(second.json).toMatchObject({ total: 3, count: 1, next_openid: "" });
  expect(second.json.users.map((u) => u.openid)).toEqual([tagged[2]]);

  // Untagged on WeChat's side: gone from the app's list.
  await wechat("tags/members/batchuntagging", { openid_list: [tagged[0]], tagid });
  const after = await appCall<FollowersPage>(`/api/admin/followers?tagid=${tagid}`);
  expect(after.json.users.map((u) => u.openid)).toEqual(tagged.slice(1));
  await wechat("tags/delete", { tag: { id: tagid } });
});

test("a bad tagid is 400, a tag the account lacks is 404, no admin token is 401", async () => {
  for (const bad of ["abc", "-1", "1.5", "", "99999999999"]) {
    const answer = await appCall(`/api/admin/followers?tagid=${encodeURIComponent(bad)}`);
    expect(answer.status, bad).toBe(400);
    expectCleanError(answer.text);
  }
  const unknown = await appCall(`/api/admin/followers?tagid=987654`);
  expect(unknown.status).toBe(404);
  expect(unknown.json).toEqual({ error: "unknown_tag" });
  expect((await appCall("/api/admin/followers?tagid=2", { auth: null })).status).toBe(401);
});
