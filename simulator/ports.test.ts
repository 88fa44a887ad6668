import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { choosePort, isPortFree } from "./ports";

const held: net.Server[] = [];
afterEach(async () => {
  await Promise.all(held.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** Occupies a port on 127.0.0.1 (what a stray dev server does). */
async function occupy(port = 0): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  held.push(server);
  return (server.address() as net.AddressInfo).port;
}

describe("ports", () => {
  it("sees a port taken on loopback as taken, and a closed one as free", async () => {
    const port = await occupy();
    expect(await isPortFree(port)).toBe(false);
    await new Promise((r) => held.pop()!.close(r));
    expect(await isPortFree(port)).toBe(true);
  });

  it("moves a taken default to the next free port and says so in one line", async () => {
    const taken = await occupy();
    const choice = await choosePort({ variable: "DEMO_PORT", value: undefined, fallback: taken, label: "app" });
    expect(choice.ok).toBe(true);
    if (!choice.ok) return;
    expect(choice.port).toBeGreaterThan(taken);
    expect(await isPortFree(choice.port)).toBe(true);
    expect(choice.note).toBe(`端口 ${taken} 已被占用，app 改用 ${choice.port} / port ${taken} is in use, the app uses ${choice.port} (set DEMO_PORT to choose)`);
    expect(choice.note).not.toContain("\n");
  });

  it("keeps a free default silently, and skips ports promised to the other server", async () => {
    const free = await occupy();
    await new Promise((r) => held.pop()!.close(r));
    expect(await choosePort({ variable: "SIM_PORT", value: undefined, fallback: free, label: "simulator" })).toEqual({ ok: true, port: free });
    const other = await choosePort({ variable: "SIM_PORT", value: undefined, fallback: free, label: "simulator", exclude: [free], isFree: async () => true });
    expect(other).toMatchObject({ ok: true, port: free + 1 });
  });

  it("an explicitly set port that is taken ends with one line naming the variable", async () => {
    const taken = await occupy();
    const choice = await choosePort({ variable: "SIM_PORT", value: String(taken), fallback: 4000, label: "simulator" });
    expect(choice).toEqual({ ok: false, message: `端口 ${taken} 已被占用 / port ${taken} (SIM_PORT) for the simulator is in use: set SIM_PORT to a free port` });
    expect(await choosePort({ variable: "SIM_PORT", value: "abc", fallback: 4000, label: "simulator" })).toMatchObject({ ok: false, message: expect.stringContaining("SIM_PORT must be a port number") });
  });

  it("no free port in the range: one line naming the variable", async () => {
    const choice = await choosePort({ variable: "DEMO_PORT", value: undefined, fallback: 3000, range: 2, label: "app", isFree: async () => false });
    expect(choice).toEqual({ ok: false, message: "端口 3000-3002 都被占用 / ports 3000-3002 are in use: set DEMO_PORT to a free port for the app" });
  });
});
