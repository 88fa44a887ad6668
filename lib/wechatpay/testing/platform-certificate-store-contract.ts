/**
 * Behaviour every PlatformCertificateStore must have. Register it from a test file:
 *
 *   describePlatformCertificateStoreContract("memory", () => createMemoryPlatformCertificateStore());
 *   describePlatformCertificateStoreContract("prisma", async () => createPrismaPlatformCertificateStore(db));
 *
 * Each test uses its own random serials, so a shared database needs no cleanup.
 */
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { PlatformCertificate, PlatformCertificateStore } from "../platform-certificates";

type Fresh = () => Promise<PlatformCertificateStore>;

const serial = (): string => randomBytes(20).toString("hex").toUpperCase();

/** A certificate-shaped entry: the store keeps text, it does not parse certificates. */
function entry(serialNo: string, version = 1): PlatformCertificate {
  const body = randomBytes(600).toString("base64").replace(/.{64}/g, "$&\n");
  return {
    serialNo,
    pem: `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`,
    effectiveTime: `2024-0${version}-01T10:00:00+08:00`,
    expireTime: `2029-0${version}-01T10:00:00+08:00`,
  };
}

function readAndSave(fresh: Fresh): void {
  it("returns null for a serial never saved", async () => {
    const store = await fresh();
    expect(await store.get(serial())).toBeNull();
  });

  it("saves every certificate of a list and returns each, text intact, by its serial", async () => {
    const store = await fresh();
    const list = [entry(serial()), entry(serial()), entry(serial())];
    await store.saveAll(list);
    for (const certificate of list) expect(await store.get(certificate.serialNo)).toEqual(certificate);
  });

  it("matches the serial exactly: not lower-case, not a prefix", async () => {
    const store = await fresh();
    const certificate = entry(serial());
    await store.saveAll([certificate]);
    expect(await store.get(certificate.serialNo.toLowerCase())).toBeNull();
    expect(await store.get(certificate.serialNo.slice(0, 20))).toBeNull();
  });

  it("does nothing for an empty list", async () => {
    const store = await fresh();
    await store.saveAll([]);
    expect(await store.get(serial())).toBeNull();
  });
}

function replaceAndKeep(fresh: Fresh): void {
  it("replaces a serial saved again and keeps certificates not in the new list", async () => {
    const store = await fresh();
    const [a, b] = [serial(), serial()];
    await store.saveAll([entry(a, 1), entry(b, 1)]);
    const newer = entry(a, 2);
    const c = entry(serial(), 1);
    await store.saveAll([newer, c]);
    expect(await store.get(a)).toEqual(newer);
    expect((await store.get(b))?.effectiveTime).toBe("2024-01-01T10:00:00+08:00");
    expect(await store.get(c.serialNo)).toEqual(c);
  });

  it("takes concurrent saves of overlapping lists without failing, one row per serial", async () => {
    const store = await fresh();
    const shared = serial();
    const lists = [1, 2, 3, 4].map((v) => [entry(shared, v), entry(serial(), v)]);
    await Promise.all(lists.map((list) => store.saveAll(list)));
    const kept = await store.get(shared);
    expect(lists.map((list) => list[0])).toContainEqual(kept);
    for (const list of lists) expect(await store.get(list[1]!.serialNo)).toEqual(list[1]);
  });

  it("hands out copies: changing a returned object changes nothing stored", async () => {
    const store = await fresh();
    const certificate = entry(serial());
    await store.saveAll([certificate]);
    const first = await store.get(certificate.serialNo);
    first!.pem = "tampered";
    expect((await store.get(certificate.serialNo))?.pem).toBe(certificate.pem);
  });
}

export function describePlatformCertificateStoreContract(
  name: string,
  makeStore: () => PlatformCertificateStore | Promise<PlatformCertificateStore>,
): void {
  const fresh: Fresh = async () => makeStore();
  describe(`PlatformCertificateStore contract: ${name}`, () => {
    readAndSave(fresh);
    replaceAndKeep(fresh);
  });
}
