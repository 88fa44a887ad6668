/**
 * A library client against the running simulator over real HTTP, for a library test that wants
 * the simulator's route to answer (lib/wechat/api/*.test.ts may import this, as they import the
 * other fakes here): its pushes go to a webhook stub that answers `success`.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { startSimulator, type RunningSimulator } from "../../simulator/server";
import { createWeChatClient, type WeChatClient } from "@wxmp/wechat/client";
import { createMemoryCredentialStore } from "@wxmp/wechat/token/store";

export interface SimulatorHarness {
  sim: RunningSimulator;
  client: WeChatClient;
  close(): Promise<void>;
}

export async function startSimulatorHarness(followers = 5): Promise<SimulatorHarness> {
  const webhook = http.createServer((req, res) => req.resume().on("end", () => res.end("success")));
  await new Promise<void>((resolve) => webhook.listen(0, "127.0.0.1", resolve));
  const webhookUrl = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/api/wechat`;
  const appId = "wx0harness00000001";
  const appSecret = "harness-secret-0123456789abcdef0";
  const sim = await startSimulator({ appId, appSecret, token: "harness", port: 0, followers, webhookUrl });
  const client = createWeChatClient({ appId, appSecret, store: createMemoryCredentialStore(), http: { baseUrl: sim.url } });
  return {
    sim,
    client,
    close: async () => {
      await sim.close();
      await new Promise((resolve) => webhook.close(resolve));
    },
  };
}
