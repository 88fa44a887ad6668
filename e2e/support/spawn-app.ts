/**
 * An extra app process started by a spec (restart with another token, development fallbacks,
 * an https APP_URL): same build, its own port (E2E_PORT_BASE+50..+59), its own environment.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { appEnv, appUrl, e2eDatabaseUrl } from "../e2e-env";

export interface SpawnedApp {
  port: number;
  url: string;
  /** The server's process (`next start` serves in the process it was started as). */
  pid: number;
  /** Everything the process printed so far (stdout and stderr). */
  output: () => string;
  stop: () => Promise<void>;
}

/** Starts `next start` with appEnv() changed by `overrides` (undefined removes a variable). */
export async function spawnApp(port: number, overrides: Record<string, string | undefined>): Promise<SpawnedApp> {
  const env: Record<string, string> = { ...(process.env as Record<string, string>), ...appEnv(port, e2eDatabaseUrl()) };
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  let printed = "";
  const child: ChildProcess = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port)], {
    env: env as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (data: Buffer) => (printed += data.toString()));
  child.stderr?.on("data", (data: Buffer) => (printed += data.toString()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  };
  const url = appUrl(port);
  for (let i = 0; i < 150; i++) {
    if (child.exitCode !== null) throw new Error(`app on ${port} exited: ${printed.slice(-500)}`);
    if (await fetch(`${url}/api/health`).then((r) => r.status < 500, () => false)) return { port, url, pid: child.pid as number, output: () => printed, stop };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stop();
  throw new Error(`app on ${port} did not start: ${printed.slice(-500)}`);
}
