import { createCipheriv, hkdfSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createSealer, SealError } from "./seal";

const KEY = "k".repeat(32);
const OTHER = "o".repeat(32);

describe("createSealer", () => {
  it("opens what it sealed, for the same context", () => {
    const sealer = createSealer(KEY);
    const sealed = sealer.seal("my-app-secret-0123456789abcdef", "account:wx1:appSecret");
    expect(sealed).toMatch(/^v1\.[\w-]{16}\.[\w-]+$/);
    expect(sealed).not.toContain("my-app-secret");
    expect(sealer.open(sealed, "account:wx1:appSecret")).toBe("my-app-secret-0123456789abcdef");
  });

  it("seals the same secret differently each time (random IV)", () => {
    const sealer = createSealer(KEY);
    expect(sealer.seal("s", "c")).not.toBe(sealer.seal("s", "c"));
  });

  it("refuses another key, another context, and altered bytes", () => {
    const sealed = createSealer(KEY).seal("secret", "account:wx1:appSecret");
    expect(() => createSealer(OTHER).open(sealed, "account:wx1:appSecret")).toThrow(SealError);
    expect(() => createSealer(KEY).open(sealed, "account:wx2:appSecret")).toThrow(SealError);
    const [v, iv, body = ""] = sealed.split(".");
    const flipped = Buffer.from(body, "base64url");
    flipped.writeUInt8(flipped.readUInt8(0) ^ 1, 0);
    expect(() => createSealer(KEY).open(`${v}.${iv}.${flipped.toString("base64url")}`, "account:wx1:appSecret")).toThrow(SealError);
    expect(() => createSealer(KEY).open("plain-text-secret", "c")).toThrow(SealError);
    expect(() => createSealer(KEY).open("v2.a.b", "c")).toThrow(SealError);
  });

  it("is AES-256-GCM under HKDF-SHA256(key, 'wxmp/accounts', 'account-secrets/v1') with the context as AAD", () => {
    // An independent encryption with node:crypto must open: the format is what the docs say.
    const key = Buffer.from(hkdfSync("sha256", KEY, "wxmp/accounts", "account-secrets/v1", 32));
    const iv = Buffer.alloc(12, 7);
    const cipher = createCipheriv("aes-256-gcm", key, iv);
    cipher.setAAD(Buffer.from("ctx"));
    const body = Buffer.concat([cipher.update("hello", "utf8"), cipher.final(), cipher.getAuthTag()]);
    expect(createSealer(KEY).open(`v1.${iv.toString("base64url")}.${body.toString("base64url")}`, "ctx")).toBe("hello");
  });

  it("refuses key material shorter than 32 characters", () => {
    expect(() => createSealer("short")).toThrow(SealError);
  });
});
