import { describe, expect, it } from "vitest";
import { createAccountRegistry, type DefaultAccount } from "@/lib/accounts/registry";
import { createSealer } from "@/lib/accounts/seal";
import { memoryAccountStore } from "@/lib/accounts/store";
import { createMemoryAuthorizerStore } from "@wxmp/wechat/component/authorizer-store";
import { keepAuthorizedAccount, retireWithdrawnAccount, type AccountSyncDeps } from "./account-sync";

const ENV: DefaultAccount = { appId: "wx00000000000000aa", appSecret: "env-secret", token: "envtoken", encodingAESKey: undefined, previousEncodingAESKey: undefined, tokenMode: "classic" };
const COMPONENT = "wxc0c0c0c0c0c0c0c0";
const A = "wx1111222233334444";
const T0 = Date.UTC(2026, 0, 1);

function setup() {
  const clock = { t: T0 };
  const accounts = createAccountRegistry({ store: memoryAccountStore(), sealer: createSealer("k".repeat(40)), defaultAccount: ENV, now: () => clock.t });
  const authorizers = createMemoryAuthorizerStore();
  const names: string[] = [];
  const deps: AccountSyncDeps = {
    accounts,
    authorization: (appId) => authorizers.get(COMPONENT, appId),
    nameOf: async (appId) => (names.push(appId), "第二个公众号"),
  };
  const authorize = (at: number) => authorizers.saveAuthorization({ componentAppId: COMPONENT, authorizerAppId: A, refreshToken: "rt", funcInfo: [1], at });
  return { accounts, authorizers, deps, names, authorize, clock };
}

describe("an authorized account is one of the deployment's accounts", () => {
  it("is added (kind component, named after its nickname) when it authorizes, once", async () => {
    const { accounts, deps, names, authorize } = setup();
    await authorize(T0);
    await keepAuthorizedAccount(deps, A, T0);
    await keepAuthorizedAccount(deps, A, T0); // the callback and the event both arrive
    expect(await accounts.get(A)).toMatchObject({ appId: A, kind: "component", status: "active", name: "第二个公众号", secrets: { appSecret: false } });
    expect(names).toEqual([A]);
    const resolved = await accounts.resolve(A);
    expect(resolved).toMatchObject({ kind: "component", appSecret: undefined });
  });

  it("is retired at once when it withdraws (its server URL and sessions then refuse), and active again when it authorizes again", async () => {
    const { accounts, authorizers, deps, authorize } = setup();
    await authorize(T0);
    await keepAuthorizedAccount(deps, A, T0);
    await authorizers.markUnauthorized(COMPONENT, A, T0 + 10_000);
    await retireWithdrawnAccount(deps, A);
    expect((await accounts.get(A))?.status).toBe("retired");
    expect(await accounts.resolve(A)).toBeNull();

    // A late copy of the old `authorized` push does not bring it back…
    await keepAuthorizedAccount(deps, A, T0);
    expect((await accounts.get(A))?.status).toBe("retired");
    // …authorizing again does.
    await authorize(T0 + 20_000);
    await keepAuthorizedAccount(deps, A, T0 + 20_000);
    expect((await accounts.get(A))?.status).toBe("active");
    // And a late withdrawal push from before that changes nothing.
    await retireWithdrawnAccount(deps, A);
    expect((await accounts.get(A))?.status).toBe("active");
  });

  it("leaves the environment's account and accounts added with their own AppSecret alone", async () => {
    const { accounts, deps } = setup();
    await keepAuthorizedAccount(deps, ENV.appId, T0);
    expect((await accounts.list()).map((a) => a.appId)).toEqual([ENV.appId]);
    await accounts.add({ appId: A, name: "手动添加", appSecret: "0123456789abcdef0123456789ABCDEF", token: "tok123", tokenMode: "classic" });
    await keepAuthorizedAccount(deps, A, T0);
    await retireWithdrawnAccount(deps, A);
    expect(await accounts.get(A)).toMatchObject({ kind: "direct", status: "active" });
  });
});
