import { createPrismaCredentialStore } from "../../lib/stores/prisma-credential-store";
import { createDb } from "../../lib/db-client";
import { resolveDatabaseUrl } from "../../lib/db-url";
const t0 = performance.now();
const db = await createDb(resolveDatabaseUrl(process.env.DATABASE_URL));
const store = createPrismaCredentialStore(db);
console.log(JSON.stringify({ ok: true, rec: await store.get("x", "access_token"), ms: performance.now() - t0 }));
await db.$disconnect();
