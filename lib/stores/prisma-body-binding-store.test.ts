import { afterAll } from "vitest";
import { describeBodyBindingStoreContract } from "@/lib/wechat/testing/body-binding-store-contract";
import { openTestDb, usingPostgres } from "@/test/test-db";
import { createPrismaBodyBindingStore } from "./prisma-body-binding-store";

const opened = openTestDb();
afterAll(async () => (await opened).db.$disconnect());

describeBodyBindingStoreContract(usingPostgres() ? "prisma (postgresql)" : "prisma (sqlite)", async () =>
  createPrismaBodyBindingStore((await opened).db),
);
