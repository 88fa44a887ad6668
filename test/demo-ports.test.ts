/**
 * `npm run demo` with its ports taken: the defaults move to free ports (one
 * line each), an explicit DEMO_PORT that is taken ends with one line.
 * Uses `--check-ports`, which stops after choosing the ports (no build, no migration).
 */
import { spawnSync } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "..");
const held: net.Server[] = [];

/** Occupies a port on 127.0.0.1 unless someone already does (then it is taken anyway). */
async function occupy(port: number): Promise<void> {
  // Connections are dropped at once, so a test elsewhere that reaches 3000 or 4000 meanwhile fails fast instead of hanging.
  const server = net.createServer((socket) => socket.destroy());
  const ok = await new Promise<boolean>((resolve) => {
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => resolve(true));
  });
  if (ok) held.push(server);
}

function demo(env: Record<string, string>): { code: number | null; out: string; err: string } {
  const { DEMO_PORT: _d, SIM_PORT: _s, ...base } = process.env;
  const result = spawnSync(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/demo.ts", "--check-ports"], {
    cwd: root,
    env: { ...base, ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

beforeAll(async () => {
  await occupy(3000);
  await occupy(4000);
});
afterAll(async () => {
  await Promise.all(held.map((s) => new Promise((r) => s.close(r))));
});

describe("demo ports", () => {
  it("with 3000 and 4000 taken, starts on the next free ports and says so", () => {
    const result = demo({});
    expect(result.code).toBe(0);
    const m = /demo ports: app (\d+), simulator (\d+)/.exec(result.out);
    expect(m).not.toBeNull();
    const [app, sim] = [Number(m![1]), Number(m![2])];
    expect(app).toBeGreaterThan(3000);
    expect(sim).toBeGreaterThan(4000);
    expect(result.out).toContain(`port 3000 is in use, the app uses ${app} (set DEMO_PORT to choose)`);
    expect(result.out).toContain(`port 4000 is in use, the simulator uses ${sim} (set SIM_PORT to choose)`);
    expect(result.err).toBe("");
  });

  it("with DEMO_PORT=3000 taken, exits with one line naming DEMO_PORT", () => {
    const result = demo({ DEMO_PORT: "3000" });
    expect(result.code).toBe(1);
    expect(result.err.trim().split("\n")).toEqual(["demo: 端口 3000 已被占用 / port 3000 (DEMO_PORT) for the app is in use: set DEMO_PORT to a free port"]);
    expect(result.err).not.toMatch(/EADDRINUSE|\n\s+at /);
  });
});
