// `npm start`: the self-hosted server (server/main.ts, bundled by scripts/build-server.mjs).
// Arguments as `next start` (-p, -H). `next start` still works and serves the same app.
import path from "node:path";
import { pathToFileURL } from "node:url";

const file = path.resolve(process.env.NEXT_DIST_DIR || ".next", "fast-entry", "server.mjs");
await import(pathToFileURL(file).href).catch((error) => {
  if (error?.code === "ERR_MODULE_NOT_FOUND" && error.message.includes(file)) {
    console.error(`${file} not found: run \`npm run build\` first`);
    process.exit(1);
  }
  throw error;
});
