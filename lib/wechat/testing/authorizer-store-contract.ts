/**
 * Behaviour every AuthorizerStore must have. Register it from a test file:
 *
 *   describeAuthorizerStoreContract("memory", () => createMemoryAuthorizerStore());
 *   describeAuthorizerStoreContract("prisma", async () => createPrismaAuthorizerStore(db, sealer));
 *
 * Each test uses its own random component appid, so a shared database needs no cleanup.
 */
import { describe, expect, it } from "vitest";
import type { AuthorizationInput, AuthorizerStore } from "../component/authorizer-store";

const T0 = Date.UTC(2024, 5, 1, 4, 0, 0);
const A = "wxauthorizer0000a1";
const B = "wxauthorizer0000b2";
type Fresh = () => Promise<{ store: AuthorizerStore; component: string }>;

const authorization = (component: string, over: Partial<AuthorizationInput> = {}): AuthorizationInput => ({
  componentAppId: component,
  authorizerAppId: A,
  // WeChat's refresh tokens look like this; reserve room for longer ones.
  refreshToken: `refreshtoken@@@${"R".repeat(120)}`,
  funcInfo: [1, 15, 4],
  at: T0,
  ...over,
});

function authorizationRules(fresh: Fresh): void {
  it("returns null for an account never seen", async () => {
    const { store, component } = await fresh();
    expect(await store.get(component, A)).toBeNull();
    expect(await store.listAuthorized(component)).toEqual([]);
  });

  it("records an authorization with its refresh token and permission sets", async () => {
    const { store, component } = await fresh();
    expect(await store.saveAuthorization(authorization(component))).toBe(true);
    expect(await store.get(component, A)).toMatchObject({
      componentAppId: component,
      authorizerAppId: A,
      status: "authorized",
      refreshToken: authorization(component).refreshToken,
      funcInfo: [1, 15, 4],
      statusAt: T0,
    });
  });

  it("replaces the refresh token and permission sets on an update", async () => {
    const { store, component } = await fresh();
    await store.saveAuthorization(authorization(component));
    expect(await store.saveAuthorization(authorization(component, { refreshToken: "refreshtoken@@@NEW", funcInfo: [1], at: T0 + 60_000 }))).toBe(true);
    expect(await store.get(component, A)).toMatchObject({ refreshToken: "refreshtoken@@@NEW", funcInfo: [1], statusAt: T0 + 60_000 });
  });

  it("keeps an authorization without a refresh token (an account with no API permission)", async () => {
    const { store, component } = await fresh();
    await store.saveAuthorization(authorization(component, { refreshToken: null, funcInfo: [] }));
    expect(await store.get(component, A)).toMatchObject({ status: "authorized", refreshToken: null, funcInfo: [] });
  });

  it("stores a rotated or recovered refresh token only while the account is authorized", async () => {
    const { store, component } = await fresh();
    expect(await store.saveRefreshToken(component, A, "refreshtoken@@@ORPHAN", T0)).toBe(false);
    expect(await store.get(component, A)).toBeNull();
    await store.saveAuthorization(authorization(component));
    expect(await store.saveRefreshToken(component, A, "refreshtoken@@@ROTATED", T0 + 5)).toBe(true);
    expect(await store.get(component, A)).toMatchObject({ refreshToken: "refreshtoken@@@ROTATED", statusAt: T0, updatedAt: T0 + 5 });
    await store.markUnauthorized(component, A, T0 + 10);
    expect(await store.saveRefreshToken(component, A, "refreshtoken@@@LATE", T0 + 20)).toBe(false);
    expect((await store.get(component, A))?.refreshToken).toBeNull();
  });
}

function withdrawalRules(fresh: Fresh): void {
  it("drops the refresh token when the account withdraws, and lists it no more", async () => {
    const { store, component } = await fresh();
    await store.saveAuthorization(authorization(component));
    await store.saveAuthorization(authorization(component, { authorizerAppId: B }));
    expect(await store.markUnauthorized(component, A, T0 + 1000)).toBe(true);
    expect(await store.get(component, A)).toMatchObject({ status: "unauthorized", refreshToken: null, statusAt: T0 + 1000 });
    expect((await store.listAuthorized(component)).map((r) => r.authorizerAppId)).toEqual([B]);
  });

  it("records a withdrawal of an account it never saw", async () => {
    const { store, component } = await fresh();
    expect(await store.markUnauthorized(component, A, T0)).toBe(true);
    expect(await store.get(component, A)).toMatchObject({ status: "unauthorized", refreshToken: null, funcInfo: [] });
  });

  it("orders status changes by their time: late pushes change nothing", async () => {
    const { store, component } = await fresh();
    await store.markUnauthorized(component, A, T0 + 2000);
    // An `authorized` push from before the withdrawal, retried late, does not revive the account.
    expect(await store.saveAuthorization(authorization(component, { at: T0 + 1000 }))).toBe(false);
    expect(await store.get(component, A)).toMatchObject({ status: "unauthorized", refreshToken: null });
    // Authorizing again afterwards does; a late copy of the old withdrawal then changes nothing.
    expect(await store.saveAuthorization(authorization(component, { at: T0 + 3000 }))).toBe(true);
    expect(await store.markUnauthorized(component, A, T0 + 2000)).toBe(false);
    expect(await store.get(component, A)).toMatchObject({ status: "authorized", statusAt: T0 + 3000 });
  });

  it("keeps platforms and accounts apart, and forgets one record only", async () => {
    const { store, component } = await fresh();
    await store.saveAuthorization(authorization(component));
    await store.saveAuthorization(authorization(component, { authorizerAppId: B, refreshToken: "refreshtoken@@@B" }));
    await store.saveAuthorization(authorization(`${component}x`, { refreshToken: "refreshtoken@@@OTHER" }));
    expect((await store.get(component, B))?.refreshToken).toBe("refreshtoken@@@B");
    expect((await store.get(`${component}x`, A))?.refreshToken).toBe("refreshtoken@@@OTHER");
    await store.forget(component, A);
    expect(await store.get(component, A)).toBeNull();
    expect(await store.get(component, B)).not.toBeNull();
    expect(await store.get(`${component}x`, A)).not.toBeNull();
  });

  it("hands out copies: changing a returned record changes nothing stored", async () => {
    const { store, component } = await fresh();
    await store.saveAuthorization(authorization(component));
    const row = await store.get(component, A);
    row!.funcInfo.push(99);
    row!.refreshToken = "mutated";
    expect(await store.get(component, A)).toMatchObject({ funcInfo: [1, 15, 4], refreshToken: authorization(component).refreshToken });
  });
}

export function describeAuthorizerStoreContract(
  name: string,
  makeStore: () => AuthorizerStore | Promise<AuthorizerStore>,
): void {
  const fresh: Fresh = async () => ({ store: await makeStore(), component: `wxcomponent${Math.random().toString(36).slice(2, 12)}` });
  describe(`AuthorizerStore contract: ${name}`, () => {
    authorizationRules(fresh);
    withdrawalRules(fresh);
  });
}
