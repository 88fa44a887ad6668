import "server-only";
import { randomUUID } from "node:crypto";
import { createFollowerService, type FollowerService } from "../console/followers/service";
import { createFollowerSyncService, type FollowerSyncService } from "../console/followers/sync-service";
import { createMediaService, type MediaService } from "../console/media/service";
import { mediaHostRule } from "../console/media/video-download";
import { createMenuService, type MenuService } from "../console/menu/service";
import { createMessageService, type MessageService } from "../console/messages/service";
import { createOverviewService, type OverviewService } from "../console/overview/service";
import { recentWeChatErrors } from "../console/ops/recent-errors";
import { createOpsService, type OpsService } from "../console/ops/service";
import { listCodeSummaries } from "../console/qrcodes/channels";
import { createQrChannelService, type QrChannelService } from "../console/qrcodes/service";
import { createTemplateService, type TemplateService } from "../console/templates/service";
import { createTokenService, type TokenService } from "../console/tokens/service";
import { DEFAULT_API_BASE_URL } from "../config/env-schema";
import { logger } from "../logger";
import { SHOWQRCODE_URL } from "@wxmp/wechat/api/qrcode";
import type { WeChatClient } from "@wxmp/wechat/client";
import { getEnv } from "./env";
import { activityStore, failedSendStore, followerSearchStore, followerSyncStore, interactionStore, menuDraftStore, qrChannelStore, storedFollowerStore, templateSendStore } from "./stores";
import { getWeChatClient } from "./wechat";

/** The console's services, one per feature (lib/console/<feature>/), built once over the real client and stores. */
export interface Services {
  /** The account these services are for. */
  readonly appId: string;
  menu: MenuService;
  followers: FollowerService;
  followerSync: FollowerSyncService;
  templates: TemplateService;
  tokens: TokenService;
  messages: MessageService;
  ops: OpsService;
  qrcodes: QrChannelService;
  media: MediaService;
  overview: OverviewService;
}

const globals = globalThis as unknown as { __wechatServices?: Promise<Services> };

/** Where WeChat's own hosts are not used (the simulator, a proxy), its stand-in serves QR images and media downloads. */
function standIn(): { imageBase: string; mediaOrigins: string[] } {
  const { apiBaseUrl, oauthBaseUrl } = getEnv();
  const apiBase = apiBaseUrl.replace(/\/+$/, "");
  if (apiBase === DEFAULT_API_BASE_URL) return { imageBase: SHOWQRCODE_URL, mediaOrigins: [] };
  return { imageBase: `${apiBase}/cgi-bin/showqrcode`, mediaOrigins: [new URL(apiBaseUrl).origin, new URL(oauthBaseUrl).origin] };
}

/** One account's services over its client and its rows (the env's account: `getServices()`). */
export async function createServices(client: WeChatClient, appId: string): Promise<Services> {
  const { httpTimeoutMs } = getEnv();
  const { imageBase, mediaOrigins } = standIn();
  // The errors routes met for this account; those met where no account was named are the env's account's.
  const withUnattributed = appId === getEnv().appId;
  const ops = createOpsService({ client, appId, recentErrors: () => recentWeChatErrors(appId, { withUnattributed }) });
  const qrcodes = createQrChannelService({ client, store: qrChannelStore(appId), imageBase, now: Date.now, newId: randomUUID });
  return {
    appId,
    menu: createMenuService(client, { drafts: menuDraftStore(appId), now: Date.now }),
    followers: createFollowerService({ client, store: storedFollowerStore(appId), search: followerSearchStore(appId) }),
    followerSync: createFollowerSyncService({ appId, store: followerSyncStore(), client, logger, now: Date.now, newId: randomUUID }),
    templates: createTemplateService({ client, store: templateSendStore(appId), logger, now: Date.now }),
    tokens: createTokenService(client.credentials),
    messages: createMessageService({ client, interactions: interactionStore(appId), now: Date.now }),
    ops,
    qrcodes,
    media: createMediaService({ client, isMediaHost: mediaHostRule(mediaOrigins), timeoutMs: httpTimeoutMs }),
    overview: createOverviewService({ activity: activityStore(appId), failedSends: failedSendStore(appId), channels: (now, days) => listCodeSummaries(qrChannelStore(appId), { now, days, limit: 200 }), errors: () => ops.errors(), now: Date.now }),
  };
}

/** The services; a failure to build them (the database down) is retried on the next call. */
export function getServices(): Promise<Services> {
  globals.__wechatServices ??= getWeChatClient().then((client) => createServices(client, getEnv().appId)).catch((error: unknown) => {
    globals.__wechatServices = undefined;
    throw error;
  });
  return globals.__wechatServices;
}
