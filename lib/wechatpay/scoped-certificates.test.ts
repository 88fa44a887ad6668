/**
 * Several merchants over one certificate table (lib/wiring: the env's merchant and accounts'
 * own): each merchant's certificates kept under its scope, so one merchant's download never
 * gives another a key to verify with.
 */
import { describe, expect, it } from "vitest";
import { createMemoryPlatformCertificateStore, scopedCertificateStore } from "./platform-certificates";

const cert = (serialNo: string) => ({ serialNo, pem: `PEM ${serialNo}`, effectiveTime: "2024-01-01T00:00:00+08:00", expireTime: "2029-01-01T00:00:00+08:00" });

describe("a merchant's part of a shared certificate store", () => {
  it("keeps each merchant's certificates apart and gives them back under their own serial", async () => {
    const shared = createMemoryPlatformCertificateStore();
    const a = scopedCertificateStore(shared, "1900000001");
    const b = scopedCertificateStore(shared, "1900000002");
    await a.saveAll([cert("5157F09EFDC096DE15EBE81A47057A7232F1B8E1")]);
    expect(await a.get("5157F09EFDC096DE15EBE81A47057A7232F1B8E1")).toEqual(cert("5157F09EFDC096DE15EBE81A47057A7232F1B8E1"));
    expect(await b.get("5157F09EFDC096DE15EBE81A47057A7232F1B8E1")).toBeNull();
    // The unscoped store (the env merchant's) does not see it under the bare serial either.
    expect(await shared.get("5157F09EFDC096DE15EBE81A47057A7232F1B8E1")).toBeNull();
    expect(await shared.get("1900000001:5157F09EFDC096DE15EBE81A47057A7232F1B8E1")).not.toBeNull();
  });
});
