/**
 * Before any worker starts: migrate the shared PostgreSQL database named by TEST_DATABASE_URL
 * once. Workers run files side by side; each process's own migrateDatabase() then finds every
 * migration applied instead of two processes racing to create the same tables.
 */
import { migrateDatabase } from "./test-db";

export default function setup(): void {
  if (process.env.TEST_DATABASE_URL) migrateDatabase(process.env.TEST_DATABASE_URL);
}
