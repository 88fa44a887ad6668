/**
 * Web authorization (OAuth2) at the HTTP level: every redirect is inspected by hand, each test
 * uses its own cookie jars. The browser version of the same flow is oauth-browser.spec.ts.
 */
import { expect, test, type APIRequestContext } from "@playwright/test";
import { sealData } from "iron-session";
import { appUrl, E2E, simulatorUrl } from "./e2e-env";
import {
  callback,
  consent,
  expectNoTokenFields,
  locationOf,
  me,
  setCookies,
  signIn,
  silentCallbackUrl,
  simUsers,
  startAuth,
  startPath,
  type SimUser,
} from "./support/browser-oauth";

const APP = appUrl();
const COOKIE_NAME = "wxmp_session";
const CALLBACK = `${APP}/api/auth/wechat/callback`;

type Cookie = { name: string; value: string; domain: string; path: string; expires: number; httpOnly: boolean; secure: boolean; sameSite: "Lax" };

let jars: APIRequestContext[] = [];
let newJar: (cookies?: Cookie[]) => Promise<APIRequestContext>;

test.beforeEach(({ playwright }) => {
  newJar = async (cookies = []) => {
    const jar = await playwright.request.newContext({ baseURL: APP, storageState: { cookies, origins: [] } });
    jars.push(jar);
    return jar;
  };
});

test.afterEach(async () => {
  await Promise.all(jars.map((jar) => jar.dispose()));
  jars = [];
});

/** A fresh cookie jar that already holds `wxmp_session=<value>` for the app's host. */
function jarWithSession(value: string): Promise<APIRequestContext> {
  const domain = new URL(APP).hostname;
  return newJar([{ name: COOKIE_NAME, value, domain, path: "/", expires: -1, httpOnly: true, secure: false, sameSite: "Lax" }]);
}

function sessionCookie(headers: string[]): string {
  const cookie = headers.find((h) => h.startsWith(`${COOKIE_NAME}=`));
  expect(cookie, `no ${COOKIE_NAME} in ${JSON.stringify(headers)}`).toBeTruthy();
  return cookie as string;
}

function cookieValue(setCookie: string): string {
  return decodeURIComponent(setCookie.slice(COOKIE_NAME.length + 1).split(";", 1)[0] ?? "");
}

function expectCookieAttributes(setCookie: string): void {
  const attributes = setCookie.split(";").slice(1).map((a) => a.trim().toLowerCase());
  expect(attributes).toContain("httponly");
  expect(attributes).toContain("samesite=lax");
  expect(attributes).toContain("path=/");
}

function withState(callbackUrl: string, state: string | null): string {
  const url = new URL(callbackUrl);
  if (state === null) url.searchParams.delete("state");
  else url.searchParams.set("state", state);
  return url.toString();
}

async function oauthUser(jar: APIRequestContext): Promise<string> {
  const config = (await (await jar.get(`${simulatorUrl}/__sim/config`)).json()) as { oauthUser?: string; config?: { oauthUser?: string } };
  const openid = config.oauthUser ?? config.config?.oauthUser;
  expect(openid, JSON.stringify(config)).toBeTruthy();
  return openid as string;
}

/** Where a failed callback must end, with no session behind it. */
async function expectFailure(jar: APIRequestContext, callbackUrl: string, reason: string): Promise<void> {
  const res = await callback(jar, callbackUrl);
  expect(res.status(), await res.text()).toBe(302);
  expect(locationOf(res)).toBe(`/auth/error?reason=${reason}`);
  const session = await me(jar);
  expect(session.status).toBe(401);
  expect(session.body.openid).toBeUndefined();
}

test.describe("start: GET /api/auth/wechat", () => {
  const redirectUri = encodeURIComponent(CALLBACK);
  const exact = (scope: string): RegExp =>
    new RegExp(
      `^${simulatorUrl.replace(/[.]/g, "\\.")}/connect/oauth2/authorize\\?appid=${E2E.appId}&redirect_uri=${redirectUri.replace(/[.]/g, "\\.")}` +
        `&response_type=code&scope=${scope}&state=([A-Za-z0-9]{1,128})&connect_redirect=1#wechat_redirect$`,
    );

  test("302s to the authorize URL with WeChat's parameter order, connect_redirect and #wechat_redirect", async () => {
    const jar = await newJar();
    const first = await startAuth(jar);
    expect(first.authorizeUrl).toMatch(exact("snsapi_userinfo"));
    expect(first.response.headers()["cache-control"] ?? "").toContain("no-store");
    const second = await startAuth(jar);
    expect(second.state).not.toBe(first.state); // a fresh state every time

    // The second instance behind the same APP_URL builds the same redirect_uri.
    const other = await jar.get(`${appUrl(E2E.secondAppPort)}${startPath()}`, { maxRedirects: 0 });
    expect(other.status()).toBe(302);
    expect(locationOf(other)).toMatch(exact("snsapi_userinfo"));
  });

  test("honours scope=snsapi_base", async () => {
    const jar = await newJar();
    const { authorizeUrl } = await startAuth(jar, "snsapi_base");
    expect(authorizeUrl).toMatch(exact("snsapi_base"));
  });

  for (const scope of ["snsapi_login", "snsapi_privateinfo", "", "SNSAPI_BASE", "snsapi_base,snsapi_userinfo"]) {
    test(`rejects scope=${JSON.stringify(scope)} with 400 and no redirect`, async () => {
      const jar = await newJar();
      const res = await jar.get(startPath(scope), { maxRedirects: 0 });
      expect(res.status()).toBe(400);
      expect(res.headers()["location"]).toBeUndefined();
      expect(setCookies(res).filter((c) => c.startsWith(`${COOKIE_NAME}=`))).toEqual([]);
    });
  }

  test("binds the state to an httpOnly SameSite=Lax sealed cookie that shows neither state nor returnTo", async () => {
    const jar = await newJar();
    const { response, state } = await startAuth(jar, "snsapi_userinfo", "/profile?tab=markerXYZ");
    const cookie = sessionCookie(setCookies(response));
    expectCookieAttributes(cookie);
    const value = cookieValue(cookie);
    expect(value).toMatch(/^Fe26\.2\*/); // an iron seal, not JSON
    expect(value).not.toContain(state);
    expect(value).not.toContain("markerXYZ");
    expect(value).not.toContain("snsapi");
  });
});

test.describe("callback: GET /api/auth/wechat/callback", () => {
  test("snsapi_base is silent: back to returnTo (query kept), /api/me has openid + scope only", async () => {
    const jar = await newJar();
    const expected = await oauthUser(jar);
    const flow = await signIn(jar, { scope: "snsapi_base", returnTo: "/profile?tab=1" });
    expect(new URL(flow.callbackUrl).searchParams.get("state")).toBe(flow.started.state);
    expect(flow.finalLocation).toBe("/profile?tab=1");

    const cookie = sessionCookie(setCookies(flow.callbackResponse));
    expectCookieAttributes(cookie);
    expect(cookieValue(cookie)).not.toContain(expected);

    const session = await me(jar);
    expect(session.status).toBe(200);
    expect(session.body).toEqual({ openid: expected, scope: "snsapi_base" });
    expectNoTokenFields(session.text);
    // Stateless session: the other instance on the same database knows the user too.
    const elsewhere = await me(jar, appUrl(E2E.secondAppPort));
    expect(elsewhere.body).toEqual({ openid: expected, scope: "snsapi_base" });
  });

  test("snsapi_userinfo after consent: /api/me has the profile and never a token", async () => {
    const jar = await newJar();
    const users = await simUsers(jar);
    const user = users[2] as SimUser;
    const flow = await signIn(jar, { scope: "snsapi_userinfo", openid: user.openid });
    expect(flow.finalLocation).toBe("/");
    const session = await me(jar);
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({
      openid: user.openid,
      scope: "snsapi_userinfo",
      nickname: user.nickname,
      headimgurl: `${simulatorUrl}/__sim/avatar/${user.openid}/132`,
    });
    if (user.unionid) expect(session.body.unionid).toBe(user.unionid);
    expectNoTokenFields(session.text);
    expect(cookieValue(sessionCookie(setCookies(flow.callbackResponse)))).not.toContain(user.openid);
  });

  test("refused consent (no code) → error page reason=denied, no session", async () => {
    const jar = await newJar();
    const started = await startAuth(jar, "snsapi_userinfo");
    const callbackUrl = await consent(jar, started.authorizeUrl, "deny");
    expect(new URL(callbackUrl).searchParams.has("code")).toBe(false);
    expect(new URL(callbackUrl).searchParams.get("state")).toBe(started.state);
    await expectFailure(jar, callbackUrl, "denied");
  });

  test("forged or missing state with a real cookie → reason=state, no session", async () => {
    const jar = await newJar();
    const started = await startAuth(jar, "snsapi_base");
    const real = await silentCallbackUrl(jar, started.authorizeUrl);
    const flipped = (started.state[0] === "A" ? "B" : "A") + started.state.slice(1);
    await expectFailure(jar, withState(real, flipped), "state");
    await expectFailure(jar, withState(real, "attacker0state"), "state");
    await expectFailure(jar, withState(real, null), "state");
    await expectFailure(jar, withState(real, `${started.state}-x`), "state");
  });

  test("a callback opened in a browser without the cookie → reason=state; the real browser still signs in", async () => {
    const victim = await newJar();
    const started = await startAuth(victim, "snsapi_base");
    const callbackUrl = await silentCallbackUrl(victim, started.authorizeUrl);
    const attacker = await newJar();
    await expectFailure(attacker, callbackUrl, "state");
    // The failed attempt neither spent the code nor the victim's pending state.
    const res = await callback(victim, callbackUrl);
    expect(locationOf(res)).toBe("/");
    expect((await me(victim)).status).toBe(200);
  });

  test("a tampered session cookie → reason=state (never a 500), no session", async () => {
    const jar = await newJar();
    const started = await startAuth(jar, "snsapi_base");
    const callbackUrl = await silentCallbackUrl(jar, started.authorizeUrl);
    const sealed = cookieValue(sessionCookie(setCookies(started.response)));
    const middle = Math.floor(sealed.length / 2);
    const flip = (s: string, i: number): string => s.slice(0, i) + (s[i] === "a" ? "b" : "a") + s.slice(i + 1);
    const variants = [
      flip(sealed, middle),
      flip(sealed, sealed.length - 3),
      flip(sealed, 10),
      sealed.slice(0, -10),
      sealed.replace(/~2$/, "AAAA~2"), // (text after "~2" itself is ignored by iron-session's version parse)
      "Fe26.2**garbage",
      "not-a-seal",
      "%",
    ];
    for (const value of variants) {
      const other = await jarWithSession(value);
      const res = await callback(other, callbackUrl);
      expect(res.status(), `${value.slice(0, 40)}…: ${await res.text()}`).toBe(302);
      expect(locationOf(res), value).toBe("/auth/error?reason=state");
      expect((await me(other)).status).toBe(401);
    }
    // The untouched cookie still works: the failures above were the tampering.
    expect(locationOf(await callback(jar, callbackUrl))).toBe("/");
  });

  test("an expired pending state (started > 10 min ago) → reason=state; the same cookie minted fresh signs in", async () => {
    // White-box: mints the session cookie the start route would have set (lib/auth/session.ts shape,
    // the e2e SESSION_PASSWORD) so the age of the pending authorization can be chosen.
    const mint = (state: string, createdAt: number): Promise<string> =>
      sealData({ pendingAuth: { state, scope: "snsapi_base", returnTo: "/profile", createdAt } }, { password: E2E.sessionPassword, ttl: 7 * 24 * 3600 });
    const codeFor = async (): Promise<{ url: string; state: string }> => {
      const helper = await newJar();
      const started = await startAuth(helper, "snsapi_base");
      return { url: await silentCallbackUrl(helper, started.authorizeUrl), state: started.state };
    };

    const fresh = await codeFor();
    const control = await jarWithSession(await mint(fresh.state, Date.now()));
    const ok = await callback(control, fresh.url);
    expect(ok.status()).toBe(302);
    expect(locationOf(ok)).toBe("/profile");
    expect((await me(control)).status).toBe(200);

    const old = await codeFor();
    const jar = await jarWithSession(await mint(old.state, Date.now() - 11 * 60 * 1000));
    await expectFailure(jar, old.url, "state");
  });

  test("a code already used in another browser → reason=code_used (40163), no session", async () => {
    const first = await newJar();
    const flow = await signIn(first, { scope: "snsapi_base" });
    expect((await me(first)).status).toBe(200);

    const second = await newJar();
    const started = await startAuth(second, "snsapi_base"); // a valid pending state of its own
    await expectFailure(second, withState(flow.callbackUrl, started.state), "code_used");
  });

  test("an invalid code → reason=code_invalid, no session", async () => {
    const jar = await newJar();
    const started = await startAuth(jar, "snsapi_base");
    const url = `${CALLBACK}?code=${"0".repeat(32)}&state=${started.state}`;
    await expectFailure(jar, url, "code_invalid");
  });

  test("a snapshot-page user (is_snapshotuser=1) → reason=snapshot, no session", async () => {
    const jar = await newJar();
    const started = await startAuth(jar, "snsapi_userinfo");
    const callbackUrl = await consent(jar, started.authorizeUrl, "allow", "__snapshot__");
    expect(new URL(callbackUrl).searchParams.get("code")).toBeTruthy();
    await expectFailure(jar, callbackUrl, "snapshot");
  });

  test("the same callback twice in the same browser (double redirect / back button) keeps the session", async () => {
    const jar = await newJar();
    const users = await simUsers(jar);
    const user = users[1] as SimUser;
    const flow = await signIn(jar, { scope: "snsapi_userinfo", openid: user.openid, returnTo: "/profile" });
    expect(flow.finalLocation).toBe("/profile");
    const again = await callback(jar, flow.callbackUrl);
    expect(again.status()).toBe(302);
    expect(locationOf(again)).not.toContain("/auth/error");
    const session = await me(jar);
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({ openid: user.openid, scope: "snsapi_userinfo", nickname: user.nickname });
  });
});

test.describe("returnTo stays on this site", () => {
  const attacks = [
    "//evil.com",
    "https://evil.com",
    "/\\evil.com",
    "javascript:alert(1)",
    "/%2F%2Fevil.com",
    "/%5Cevil.com",
    "/\t/evil.com",
    "http:evil.com",
    "/..//evil.com",
    "evil.com",
  ];
  for (const returnTo of attacks) {
    test(`returnTo=${JSON.stringify(returnTo)} ends on /`, async () => {
      const jar = await newJar();
      const flow = await signIn(jar, { scope: "snsapi_base", returnTo });
      expect(flow.finalLocation).toBe("/");
    });
  }

  test("a same-site path keeps its query string", async () => {
    const jar = await newJar();
    const flow = await signIn(jar, { scope: "snsapi_base", returnTo: "/profile?tab=1&from=menu" });
    expect(flow.finalLocation).toBe("/profile?tab=1&from=menu");
  });
});

test.describe("logout: POST /api/auth/logout", () => {
  test("only from our own origin: 403 without or with a foreign Origin, 303 to / with it", async () => {
    const jar = await newJar();
    await signIn(jar, { scope: "snsapi_base" });

    const refusals: Array<Record<string, string>> = [{}, { origin: "https://evil.com" }, { origin: `http://localhost.evil.com:${E2E.appPort}` }, { origin: "null" }];
    for (const headers of refusals) {
      const refused = await jar.post("/api/auth/logout", { headers, maxRedirects: 0 });
      expect(refused.status(), JSON.stringify(headers)).toBe(403);
      expect((await me(jar)).status, "the session survives a refused logout").toBe(200);
    }
    // A GET (an <img> or link on another site) cannot sign anyone out either.
    const viaGet = await jar.get("/api/auth/logout", { maxRedirects: 0 });
    expect(viaGet.status()).toBeGreaterThanOrEqual(400);
    expect((await me(jar)).status).toBe(200);

    const res = await jar.post("/api/auth/logout", { headers: { origin: APP }, maxRedirects: 0 });
    expect(res.status()).toBe(303);
    expect(locationOf(res)).toBe("/");
    expect((await me(jar)).status).toBe(401);
  });
});

test("no openid appears in any URL of any flow", async () => {
  const jar = await newJar();
  const users = await simUsers(jar);
  const locations: string[] = [];

  const base = await signIn(jar, { scope: "snsapi_base", returnTo: "/profile" });
  locations.push(...base.locations);
  const info = await signIn(await newJar(), { scope: "snsapi_userinfo", openid: users[3]?.openid });
  locations.push(...info.locations);
  const denyJar = await newJar();
  const denied = await startAuth(denyJar, "snsapi_userinfo");
  const deniedCallback = await consent(denyJar, denied.authorizeUrl, "deny");
  locations.push(denied.authorizeUrl, deniedCallback, locationOf(await callback(denyJar, deniedCallback)));
  const snapJar = await newJar();
  const snap = await startAuth(snapJar, "snsapi_userinfo");
  const snapCallback = await consent(snapJar, snap.authorizeUrl, "allow", "__snapshot__");
  locations.push(snap.authorizeUrl, snapCallback, locationOf(await callback(snapJar, snapCallback)));
  const replay = await callback(jar, base.callbackUrl);
  locations.push(locationOf(replay));

  const openids = users.map((u) => u.openid);
  expect(locations.length).toBeGreaterThanOrEqual(13);
  expect(locations.filter((location) => openids.some((openid) => location.includes(openid)))).toEqual([]);
  for (const location of locations) {
    // Only the documented parameters travel in URLs.
    const keys = [...new URL(location, APP).searchParams.keys()].sort();
    expect(
      [
        ["appid", "connect_redirect", "redirect_uri", "response_type", "scope", "state"],
        ["code", "state"],
        ["state"],
        ["reason"],
        [],
      ].map((k) => k.join(",")),
      location,
    ).toContain(keys.join(","));
  }
});
