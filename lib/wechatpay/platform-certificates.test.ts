import { createMemoryPlatformCertificateStore } from "./platform-certificates";
import { describePlatformCertificateStoreContract } from "./testing/platform-certificate-store-contract";

describePlatformCertificateStoreContract("memory", () => createMemoryPlatformCertificateStore());
