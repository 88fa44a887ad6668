import { expect, test, type APIRequestContext } from "@playwright/test";
import { appUrl } from "./e2e-env";
import { expectNoTokenFields, signIn, simUsers } from "./support/browser-oauth";

// POST /api/me/refresh re-reads the profile with the user's stored OAuth tokens.
const APP = appUrl();
const jars: APIRequestContext[] = [];

test.afterEach(async () => {
  await Promise.all(jars.splice(0).map((jar) => jar.dispose()));
});

async function newJar(playwright: { request: { newContext(o: { baseURL: string }): Promise<APIRequestContext> } }) {
  const jar = await playwright.request.newContext({ baseURL: APP });
  jars.push(jar);
  return jar;
}

test("a snsapi_userinfo user's profile is fetched again with the stored tokens; never a token in the answer", async ({ playwright, request }) => {
  const jar = await newJar(playwright);
  const user = (await simUsers(request))[0]!;
  await signIn(jar, { scope: "snsapi_userinfo", openid: user.openid });

  const refreshed = await jar.post("/api/me/refresh", { headers: { origin: APP } });
  const text = await refreshed.text();
  expect(refreshed.status(), text).toBe(200);
  expect(JSON.parse(text)).toMatchObject({ openid: user.openid, scope: "snsapi_userinfo", nickname: user.nickname });
  expectNoTokenFields(text);
});

test("refused without our Origin, for a signed-out browser, and for a snsapi_base sign-in", async ({ playwright }) => {
  const signedOut = await newJar(playwright);
  expect((await signedOut.post("/api/me/refresh", { headers: { origin: APP } })).status()).toBe(401);

  const base = await newJar(playwright);
  await signIn(base, { scope: "snsapi_base" });
  expect((await base.post("/api/me/refresh", { headers: { origin: "https://evil.example" } })).status()).toBe(403);
  const answer = await base.post("/api/me/refresh", { headers: { origin: APP } });
  expect(answer.status()).toBe(409);
  expect(await answer.json()).toMatchObject({ error: "base_scope" });
});
