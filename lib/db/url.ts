/**
 * Which database DATABASE_URL names. Unset → the embedded SQLite file under data/;
 * postgres:// or postgresql:// → PostgreSQL; file:… → another SQLite file.
 * (The migration scripts, scripts/db/*.mjs, import this same function.)
 */
import path from "node:path";

export type DatabaseTarget =
  | { provider: "sqlite"; file: string }
  | { provider: "postgresql"; url: string };

export function resolveDatabaseUrl(url: string | undefined, cwd: string = process.cwd()): DatabaseTarget {
  // turbopackIgnore: the path is resolved at run time; without the hint the bundler traces
  // the whole project directory into the server output.
  if (!url) return { provider: "sqlite", file: path.join(/*turbopackIgnore: true*/ cwd, "data", "app.db") };
  if (/^postgres(ql)?:\/\//i.test(url)) return { provider: "postgresql", url };
  if (url.startsWith("file:")) {
    const file = url.slice("file:".length);
    if (!file) throw new Error("file: URL needs a path");
    return { provider: "sqlite", file: path.isAbsolute(file) ? file : path.join(/*turbopackIgnore: true*/ cwd, file) };
  }
  throw new Error("must start with postgres://, postgresql:// or file:");
}
