import { describe, expect, it } from "vitest";
import { describeBodyBindingStoreContract } from "../testing/body-binding-store-contract";
import { bodyBinding, createMemoryBodyBindingStore } from "./body-binding";

describeBodyBindingStoreContract("memory", () => createMemoryBodyBindingStore());

describe("bodyBinding", () => {
  const query = new URLSearchParams({ signature: "s".repeat(40), timestamp: "1700000000", nonce: "42", openid: "o1" });
  const body = new TextEncoder().encode("<xml><Content>a</Content></xml>");

  it("keys on timestamp, nonce and signature only, and hashes the body", () => {
    const a = bodyBinding(query, body);
    const otherOpenid = new URLSearchParams(query);
    otherOpenid.set("openid", "o2");
    expect(bodyBinding(otherOpenid, body)).toEqual(a);
    for (const name of ["signature", "timestamp", "nonce"]) {
      const changed = new URLSearchParams(query);
      changed.set(name, "1");
      expect(bodyBinding(changed, body).key).not.toBe(a.key);
    }
    expect(bodyBinding(query, new TextEncoder().encode("<xml><Content>b</Content></xml>")).bodyHash).not.toBe(a.bodyHash);
    // The timestamp first, so that one second's bindings sit together in the index.
    expect(a.key).toMatch(/^1700000000\.[0-9a-f]{64}$/);
  });
});
