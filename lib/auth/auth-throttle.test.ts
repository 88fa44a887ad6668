import { describe, expect, it } from "vitest";
import { createAuthThrottle, createMemoryFailureStore } from "./auth-throttle";

describe("auth throttle", () => {
  it("blocks an address after 10 failures in 10 minutes, with the seconds left, and only that address", async () => {
    let now = 1_000_000;
    const throttle = createAuthThrottle({ store: createMemoryFailureStore(), now: () => now });
    for (let i = 0; i < 9; i++) await throttle.fail("a");
    expect(await throttle.check("a")).toEqual({ blocked: false });
    await throttle.fail("a");
    now += 60_000;
    expect(await throttle.check("a")).toEqual({ blocked: true, retryAfterSeconds: 540 });
    expect(await throttle.check("b")).toEqual({ blocked: false });
    now += 540_000;
    expect(await throttle.check("a")).toEqual({ blocked: false });
  });

  it("forgets an address's failures once it presents the right secret, but not once it is blocked", async () => {
    const throttle = createAuthThrottle({ store: createMemoryFailureStore() });
    for (let i = 0; i < 9; i++) await throttle.fail("a");
    await throttle.succeed("a");
    for (let i = 0; i < 9; i++) await throttle.fail("a");
    expect(await throttle.check("a")).toEqual({ blocked: false });
    await throttle.fail("a");
    expect((await throttle.check("a")).blocked).toBe(true);
  });

  it("starts a new window once the old one is over (failures do not add up for ever)", async () => {
    let now = 0;
    const throttle = createAuthThrottle({ store: createMemoryFailureStore(), now: () => now });
    for (let i = 0; i < 9; i++) await throttle.fail("a");
    now += 10 * 60_000 + 1;
    for (let i = 0; i < 9; i++) await throttle.fail("a");
    expect(await throttle.check("a")).toEqual({ blocked: false });
  });
});
