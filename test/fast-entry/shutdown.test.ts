import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { createPendingWork } from "../../server/pending-work";
import { shutdown } from "../../server/shutdown";

const quiet = { info: () => undefined, warn: () => undefined };

async function listening(handler: http.RequestListener): Promise<{ server: http.Server; url: string }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

describe("shutdown", () => {
  it("lets the request in flight answer, waits for its late work, refuses new connections, exits 0", async () => {
    const pending = createPendingWork();
    const delivered: string[] = [];
    const { server, url } = await listening((_req, res) => {
      // Answers after 100 ms and leaves 200 ms of late work behind, like a late reply.
      setTimeout(() => {
        pending.add(new Promise((resolve) => setTimeout(() => resolve(delivered.push("late reply")), 200)));
        res.end("success");
      }, 100);
    });
    const inFlight = fetch(url).then((r) => r.text());
    await new Promise((resolve) => setTimeout(resolve, 20));
    const code = shutdown({ server, pending, graceMs: 5000, logger: quiet, exit: () => undefined });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(fetch(url)).rejects.toThrow(); // no longer accepting
    expect(await inFlight).toBe("success");
    expect(await code).toBe(0);
    expect(delivered).toEqual(["late reply"]);
  });

  it("gives up after graceMs when work does not finish, and says so with exit code 1", async () => {
    const pending = createPendingWork();
    const { server } = await listening((_req, res) => res.end());
    pending.add(new Promise(() => undefined)); // never settles
    const started = Date.now();
    expect(await shutdown({ server, pending, graceMs: 150, logger: quiet, exit: () => undefined })).toBe(1);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("stops the page process last — after the request in flight and the late work — with the time left; its failure makes exit 1", async () => {
    const pending = createPendingWork();
    const order: string[] = [];
    const { server, url } = await listening((_req, res) => {
      setTimeout(() => {
        pending.add(new Promise((resolve) => setTimeout(() => resolve(order.push("late work done")), 100)));
        order.push("request answered");
        res.end("ok");
      }, 100);
    });
    const inFlight = fetch(url).then((r) => r.text());
    await new Promise((resolve) => setTimeout(resolve, 20));
    let left = -1;
    const after = async (ms: number) => {
      left = ms;
      order.push("page process stopped");
      return true;
    };
    expect(await shutdown({ server, pending, graceMs: 5000, logger: quiet, exit: () => undefined, after })).toBe(0);
    expect(await inFlight).toBe("ok");
    expect(order).toEqual(["request answered", "late work done", "page process stopped"]);
    expect(left).toBeGreaterThan(4000);
    expect(left).toBeLessThanOrEqual(5000 - 150); // the ~180 ms the request and its late work took

    const { server: second } = await listening((_req, res) => res.end());
    expect(await shutdown({ server: second, pending: createPendingWork(), graceMs: 1000, logger: quiet, exit: () => undefined, after: async () => false })).toBe(1);
  });
});
