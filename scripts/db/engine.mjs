// Drives Prisma's schema engine compiled to wasm through the driver adapters.
// Why: the native schema-engine binary cannot be downloaded on offline machines; the
// wasm engine writes the same _prisma_migrations table and checksums as
// `prisma migrate deploy`, so the CLI can take over wherever the native engine exists.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";

const require = createRequire(import.meta.url);

let wasmModule;
let lastPanic = null;

async function loadWasmModule() {
  if (wasmModule) return wasmModule;
  // The wasm engine reports Rust panics through this global before throwing.
  globalThis.PRISMA_WASM_PANIC_REGISTRY = { set_message: (message) => (lastPanic = message) };
  const bg = await import("@prisma/schema-engine-wasm/schema_engine_bg");
  const wasmPath = path.join(path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg")), "schema_engine_bg.wasm");
  const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), { "./schema_engine_bg.js": bg });
  bg.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  wasmModule = bg;
  return bg;
}

/** @param {import("../../lib/db/url.ts").DatabaseTarget} db */
async function createAdapterFactory(db) {
  if (db.provider === "sqlite") {
    mkdirSync(path.dirname(db.file), { recursive: true });
    const { PrismaBetterSqlite3 } = await import("@prisma/adapter-better-sqlite3");
    return new PrismaBetterSqlite3({ url: `file:${db.file}` });
  }
  const { PrismaPg } = await import("@prisma/adapter-pg");
  return new PrismaPg({ connectionString: db.url });
}

/**
 * @param {import("../../lib/db/url.ts").DatabaseTarget} db
 * @param {string} schemaFile
 */
export async function openSchemaEngine(db, schemaFile) {
  const bg = await loadWasmModule();
  const schemaText = await readFile(schemaFile, "utf8");
  const logs = [];
  const factory = await createAdapterFactory(db);
  // The engine never closes the connections it opens; keep them, so that close() can. On
  // SQLite, closing the last connection is also what moves the WAL into the database file.
  const connections = [];
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const connection = await connect();
    connections.push(connection);
    return connection;
  };
  const engine = await bg.SchemaEngine.new(
    { datamodels: [[schemaFile, schemaText]] },
    (line) => logs.push(line),
    bindMigrationAwareSqlAdapterFactory(factory),
  );
  const close = async () => {
    await Promise.all(connections.splice(0).map((connection) => connection.dispose()));
  };
  return { engine, logs, close };
}

/** The last Rust panic message the engine reported, for error output. */
export function lastEnginePanic() {
  return lastPanic;
}
