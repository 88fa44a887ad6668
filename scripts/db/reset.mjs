// `tsx scripts/db/reset.mjs`: empties DATABASE_URL and applies the migrations again.
// For test runs only (the e2e suite starts from a known state); refuses NODE_ENV=production.
import { rmSync } from "node:fs";
import pg from "pg";
import { resolveDatabaseUrl } from "../../lib/db/url.ts";
import { migrate } from "./migrate.mjs";

if (process.env.NODE_ENV === "production" && !process.env.ALLOW_DB_RESET) {
  console.error("refusing to reset a database with NODE_ENV=production");
  process.exit(1);
}
const target = resolveDatabaseUrl(process.env.DATABASE_URL);
if (target.provider === "sqlite") {
  for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(target.file + suffix, { force: true });
} else {
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  await client.query("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;");
  await client.end();
}
const { provider, applied } = await migrate();
console.log(`database (${provider}) reset; applied ${applied.length} migration(s)`);
process.exit(0);
