import { defineConfig } from "vitest/config";
import { availableParallelism } from "node:os";
import path from "node:path";

/**
 * Unit tests of lib/, simulator/ and app/ need no process of their own: they share worker
 * threads and their module cache (isolate: false), which takes the run from paying a fresh
 * import of its dependencies per file (a third of the suite's time) to once per worker.
 * test/ (child processes, wiring singletons, the environment) and the few unit files that touch
 * process-wide state keep a forked, isolated process per file.
 */
const PROCESS_WIDE = [
  // trackPeerAddresses subscribes to a diagnostics channel once per process, on purpose.
  "lib/http/peer-address.test.ts",
];
const UNIT = ["lib/**/*.test.ts", "app/**/*.test.ts", "simulator/**/*.test.ts"];

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(__dirname),
      // `server-only` throws outside a React Server Components bundle; unit tests are server code.
      "server-only": path.resolve(__dirname, "test/server-only-stub.ts"),
    },
  },
  test: {
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Vitest's default is one worker below the cores: one, on a two-core machine (CI's), which
    // leaves the suite waiting on child processes and databases one file at a time.
    maxWorkers: Math.max(3, availableParallelism() - 1),
    globalSetup: ["test/support/global-setup.ts"],
    projects: [
      {
        extends: true,
        test: { name: "unit", include: UNIT, exclude: PROCESS_WIDE, pool: "threads", isolate: false },
      },
      {
        extends: true,
        test: { name: "isolated", include: ["test/**/*.test.ts", ...PROCESS_WIDE], pool: "forks" },
      },
    ],
  },
});
