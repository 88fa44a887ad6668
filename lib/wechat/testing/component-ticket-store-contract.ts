/**
 * Behaviour every ComponentTicketStore must have. Register it from a test file:
 *
 *   describeComponentTicketStoreContract("memory", () => createMemoryComponentTicketStore());
 *   describeComponentTicketStoreContract("prisma", async () => createPrismaComponentTicketStore(db));
 *
 * Each test uses its own random component appid, so a shared database needs no cleanup.
 */
import { describe, expect, it } from "vitest";
import type { ComponentTicket, ComponentTicketStore } from "../component/ticket-store";

const T0 = Date.UTC(2024, 5, 1, 4, 0, 0);
const TEN_MINUTES = 10 * 60_000;
type Fresh = () => Promise<{ store: ComponentTicketStore; appId: string }>;

const ticket = (n: number, createdAt = T0 + n * TEN_MINUTES): ComponentTicket => ({
  // WeChat's tickets look like this and are longer than 64 characters.
  ticket: `ticket@@@${String(n).padStart(4, "0")}${"T".repeat(80)}`,
  createdAt,
  receivedAt: createdAt + 150,
});

function rules(fresh: Fresh): void {
  it("returns null before the first push", async () => {
    const { store, appId } = await fresh();
    expect(await store.get(appId)).toBeNull();
  });

  it("keeps the last ticket pushed, whole", async () => {
    const { store, appId } = await fresh();
    expect(await store.save(appId, ticket(1))).toBe(true);
    expect(await store.save(appId, ticket(2))).toBe(true);
    expect(await store.get(appId)).toEqual(ticket(2));
  });

  it("does not let an older push (a retry or a replay) replace a newer ticket", async () => {
    const { store, appId } = await fresh();
    await store.save(appId, ticket(3));
    expect(await store.save(appId, ticket(2))).toBe(false);
    expect(await store.get(appId)).toEqual(ticket(3));
    // The same push delivered twice is harmless.
    expect(await store.save(appId, ticket(3))).toBe(true);
    expect(await store.get(appId)).toEqual(ticket(3));
  });

  it("shares one ticket per platform, and keeps platforms apart", async () => {
    const { store, appId } = await fresh();
    await store.save(appId, ticket(1));
    await store.save(`${appId}x`, ticket(5));
    expect((await store.get(appId))?.ticket).toBe(ticket(1).ticket);
    expect((await store.get(`${appId}x`))?.ticket).toBe(ticket(5).ticket);
  });

  it("ends with the newest of tickets saved at once", async () => {
    const { store, appId } = await fresh();
    await Promise.all([4, 1, 3, 2].map((n) => store.save(appId, ticket(n))));
    expect(await store.get(appId)).toEqual(ticket(4));
  });
}

export function describeComponentTicketStoreContract(
  name: string,
  makeStore: () => ComponentTicketStore | Promise<ComponentTicketStore>,
): void {
  const fresh: Fresh = async () => ({ store: await makeStore(), appId: `wxcomponent${Math.random().toString(36).slice(2, 12)}` });
  describe(`ComponentTicketStore contract: ${name}`, () => rules(fresh));
}
