import { createMemoryPayStore } from "./memory-store";
import { describePayStoreContract } from "./testing/pay-store-contract";

describePayStoreContract("memory", () => createMemoryPayStore());
