import { execFileSync } from "node:child_process";
import { defineConfig, devices } from "@playwright/test";
import { appEnv, appUrl, e2eDatabaseUrl, E2E, simulatorEnv, simulatorUrl } from "./e2e/e2e-env";

// scripts/test.sh finds a Chromium and passes it here; Playwright's own browser otherwise.
const executablePath = process.env.CHROMIUM_PATH || undefined;
const databaseUrl = e2eDatabaseUrl();
// E2E_ENTRY=fast runs the apps through the self-hosted fast entry (`npm start`, built by
// scripts/build-server.mjs) instead of `next start`; scripts/test.sh runs the webhook suites both ways.
const appCommand = (port: number): string =>
  process.env.E2E_ENTRY === "fast" ? `node scripts/start.mjs -p ${port}` : `node node_modules/next/dist/bin/next start -p ${port}`;

// A known, empty, migrated database before the servers start. The config is evaluated again
// in every worker process: only the runner (no TEST_WORKER_INDEX) may reset it.
if (!process.env.TEST_WORKER_INDEX) {
  execFileSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/db/reset.mjs"], {
    env: { ...process.env, NODE_ENV: "test", DATABASE_URL: databaseUrl },
    stdio: "inherit",
  });
}

export default defineConfig({
  testDir: "./e2e",
  testMatch: "**/*.spec.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // Generous: the long journeys (the shop: buy, pay, notify, refund twice) run beside a second
  // stack on two cores (scripts/e2e-stacks.mjs); each step still has its own expect timeout.
  timeout: 120_000,
  reporter: [["list"]],
  outputDir: "test-results",
  use: {
    baseURL: appUrl(),
    ...devices["Pixel 7"],
    // CSS pixels (the layout every check reads) are the phone's; rendering and screenshots at 1×
    // instead of the Pixel 7's 2.625× take a fraction of Chromium's CPU, the suite's bottleneck.
    deviceScaleFactor: 1,
    // Pixel 7 descriptor brings its own user agent; WeChat pages set theirs per test.
    browserName: "chromium",
    screenshot: "only-on-failure",
    trace: "off",
    launchOptions: {
      executablePath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  webServer: [
    {
      command: "node node_modules/tsx/dist/cli.mjs simulator/cli.ts",
      url: `${simulatorUrl}/__sim/state`,
      env: simulatorEnv(),
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: "ignore",
      stderr: "pipe",
    },
    ...[E2E.appPort, E2E.secondAppPort].map((port) => ({
      command: appCommand(port),
      url: `${appUrl(port)}/api/health`,
      env: appEnv(port, databaseUrl),
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "ignore" as const,
      stderr: "pipe" as const,
    })),
  ],
});
