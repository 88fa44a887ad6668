import { afterAll } from "vitest";
import { describePlatformCertificateStoreContract } from "@/lib/wechatpay/testing/platform-certificate-store-contract";
import { openTestDb, usingPostgres } from "@/test/support/test-db";
import { createPrismaPlatformCertificateStore } from "./prisma-certificate-store";
import { createPrismaPayStore } from "./prisma-store";
import { describePayStoreContract } from "./testing/pay-store-contract";

const opened = openTestDb();
afterAll(async () => (await opened).db.$disconnect());
const provider = usingPostgres() ? "postgresql" : "sqlite";

describePayStoreContract(provider, async () => createPrismaPayStore((await opened).db));
describePlatformCertificateStoreContract(provider, async () => createPrismaPlatformCertificateStore((await opened).db));
