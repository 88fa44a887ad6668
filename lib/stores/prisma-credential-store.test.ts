import { afterAll } from "vitest";
import { describeCredentialStoreContract } from "@wxmp/wechat/testing/credential-store-contract";
import { openTestDb, usingPostgres } from "@/test/support/test-db";
import { createPrismaCredentialStore } from "./prisma-credential-store";

// One database for the file (per-test random appIds keep tests apart).
const opened = openTestDb();
afterAll(async () => (await opened).db.$disconnect());

describeCredentialStoreContract(usingPostgres() ? "prisma (postgresql)" : "prisma (sqlite)", async () =>
  createPrismaCredentialStore((await opened).db),
);
