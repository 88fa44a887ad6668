// `npm run db:generate`: provider schemas + both Prisma clients.
// Uses the real schema-engine when one is available (PRISMA_SCHEMA_ENGINE_BINARY set or
// downloadable), otherwise a stub that is enough for `prisma generate`.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PROVIDERS, schemaPath, writeSchemas } from "./schemas.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
writeSchemas();
const env = {
  ...process.env,
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  CHECKPOINT_DISABLE: "1",
  PRISMA_SCHEMA_ENGINE_BINARY:
    process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? path.join(root, "scripts/db/schema-engine-stub.sh"),
};
for (const provider of PROVIDERS) {
  const result = spawnSync(
    process.execPath,
    [path.join(root, "node_modules/prisma/build/index.js"), "generate", "--schema", schemaPath(provider)],
    { cwd: root, env, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" },
  );
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr);
    console.error(`prisma generate failed for ${provider}`);
    process.exit(1);
  }
  console.log(`prisma client generated for ${provider}`);
}
