import { describe, expect, it } from "vitest";
import { sessionServesAccount } from "./users";

const DEFAULT = "wx00000000000000aa";
const B = "wx00000000000000bb";
const accounts = (active: string[]) => ({ defaultAppId: DEFAULT, isActive: async (appId: string) => active.includes(appId) });

describe("a session and the account of the page using it (several accounts)", () => {
  it("serves only the account it was signed in to; a session without one is the env's account's", async () => {
    expect(await sessionServesAccount({ openid: "o1" }, DEFAULT, accounts([]))).toBe(true);
    expect(await sessionServesAccount({ openid: "o1" }, B, accounts([B]))).toBe(false);
    expect(await sessionServesAccount({ openid: "o1", appId: B }, B, accounts([B]))).toBe(true);
    expect(await sessionServesAccount({ openid: "o1", appId: B }, DEFAULT, accounts([B]))).toBe(false);
  });

  it("stops serving once its account is retired", async () => {
    expect(await sessionServesAccount({ openid: "o1", appId: B }, B, accounts([]))).toBe(false);
  });
});
