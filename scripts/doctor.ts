/**
 * `npm run doctor`: checks the configuration the app would use (process env
 * plus .env files, as Next.js loads them) against the database and WeChat,
 * one line per check, and exits 1 if any fails. Never prints a secret.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import nextEnv from "@next/env";
import { createDatabaseProbe } from "../lib/doctor/database";
import { formatReport } from "../lib/doctor/report";
import { runDoctor, secretsOf } from "../lib/doctor/run";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
nextEnv.loadEnvConfig(root, process.env.NODE_ENV !== "production", { info: () => {}, error: (m: string) => console.error(m) });

const publicDir = path.join(root, "public");
const results = await runDoctor({
  env: process.env,
  fetch: (input, init) => fetch(input, init),
  database: createDatabaseProbe(root),
  publicDir: {
    list: () => readdir(publicDir).catch((error: NodeJS.ErrnoException) => (error.code === "ENOENT" ? null : Promise.reject(error))),
    read: (name) => readFile(path.join(publicDir, name), "utf8"),
  },
});
console.log(formatReport(results, secretsOf(process.env)));
// The pg pool and keep-alive sockets would hold the process open.
process.exit(results.some((r) => r.status === "fail") ? 1 : 0);
