/**
 * A local stand-in for WeChat's servers (api.weixin.qq.com and open.weixin.qq.com) for the demo,
 * the end-to-end tests and the benchmarks. Written from the protocol notes; it shares no code with
 * the app's lib/. It serves exactly the groups listed in groups/index.ts.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Account } from "./core/account";
import { createDispatch } from "./core/dispatch";
import { wxError } from "./core/errors";
import { sendJson } from "./core/http";
import { SimulatorState, type SimulatorOptions } from "./core/state";
import { ROUTES } from "./groups";
import { componentState, pushTicket, startTicketLoop } from "./groups/component";
import { payState } from "./groups/pay";
import { pushMessage, verifyServerUrl, type ServerUrlCheck } from "./push/pusher";
import type { PushRequest, PushResult } from "./push/pusher-types";
import { renderJsBridge } from "./ui/jsbridge-script";

export type { PayMerchantOptions, PaySigningMode, SimConfig, SimulatorOptions } from "./core/options";
export { SimulatorState } from "./core/state";
export type { Account } from "./core/account";
// In-process helpers for tests that prefer not to go through HTTP.
export { pushMessage, verifyServerUrl, type ServerUrlCheck } from "./push/pusher";
export type { PushAttempt, PushMode, PushRequest, PushResult } from "./push/pusher-types";
export type { PushMessageInput } from "./push/messages";
export type { ParsedReply } from "./push/reply-parser";
export type { FaultSpec } from "./core/faults";
export { verifyJsapiSignature } from "./groups/js-bridge";
export { renderJsBridge } from "./ui/jsbridge-script";
export { USER_COOKIE } from "./groups/oauth/authorize-routes";

export interface RunningSimulator {
  /** e.g. http://127.0.0.1:4100 (the address it listens on). */
  url: string;
  port: number;
  close(): Promise<void>;
  state: SimulatorState;
  /** The account it was started with (`state.primary`): its users, credentials and group states. */
  account: Account;
  /** In-process shortcuts for the control API. */
  push(req: PushRequest): Promise<PushResult>;
  verifyServerUrl(opts?: { webhookUrl?: string; badSignature?: boolean; timeoutMs?: number }): Promise<ServerUrlCheck>;
  /** The WeixinJSBridge script, for `page.addInitScript({ content })`. */
  jsBridgeScript(): string;
}

const dispatch = createDispatch(ROUTES);

/** Starts the simulator; resolves once it listens. */
export async function startSimulator(opts: SimulatorOptions): Promise<RunningSimulator> {
  const state = new SimulatorState(opts);
  // WeChat Pay's keys are made (or loaded) now: a bad merchant option stops the start, not the first payment.
  if (opts.pay?.length) state.shared(payState);
  const log = opts.log ?? ((): void => {});
  const server = http.createServer((req, res) => {
    dispatch(state, req, res, log).catch((error: unknown) => {
      log(`error ${req.method} ${(req.url ?? "").split("?")[0]}: ${(error as Error).message}`);
      if (!res.headersSent) sendJson(res, wxError(-1), 500);
      else res.destroy();
    });
  });
  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  state.publicUrl = (opts.publicUrl ?? url).replace(/\/+$/, "");
  if (opts.component) {
    // The open platform starts pushing tickets as soon as the event URL is registered.
    const component = state.shared(componentState);
    startTicketLoop(component);
    if (component.config?.eventUrl && opts.component.pushTicketAtStart !== false) void pushTicket(component);
  }
  let closed: Promise<void> | undefined;
  return {
    url, port, state,
    account: state.primary,
    push: (req) => pushMessage(state, req),
    verifyServerUrl: (o) => verifyServerUrl(state, o),
    jsBridgeScript: () => renderJsBridge(state.publicUrl),
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        state.dispose();
        for (const res of state.hung) res.destroy();
        state.hung.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}
