/**
 * One more `next start` of the built app, with its own environment, for the specs that need a
 * configuration the suite's two app processes do not have (Playwright's webServer entries
 * are fixed for the whole run). Same build (NEXT_DIST_DIR) and database as the suite.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { appEnv, appUrl, e2eDatabaseUrl } from "../e2e-env";

export interface AppProcess {
  port: number;
  url: string;
  stop(): Promise<void>;
}

/** Starts the app on `port` with the suite's env, `overrides` applied (`undefined` removes a variable). */
export async function startApp(port: number, overrides: Record<string, string | undefined>): Promise<AppProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...appEnv(port, e2eDatabaseUrl()) };
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  const child: ChildProcess = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port)], {
    env,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const url = appUrl(port);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`app on ${port} exited: ${stderr}`);
    const healthy = await fetch(`${url}/api/health`).then((r) => r.status < 500, () => false);
    if (healthy) break;
    if (Date.now() > deadline) {
      child.kill("SIGTERM");
      throw new Error(`app on ${port} did not start within 60 s: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    port,
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
