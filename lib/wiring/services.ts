import "server-only";
import { randomUUID } from "node:crypto";
import { createFollowerService, type FollowerService } from "../console/followers/service";
import { createFollowerSyncService, type FollowerSyncService } from "../console/followers/sync-service";
import { createMenuService, type MenuService } from "../console/menu/service";
import { createMessageService, type MessageService } from "../console/messages/service";
import { recentWeChatErrors } from "../console/ops/recent-errors";
import { createOpsService, type OpsService } from "../console/ops/service";
import { createTemplateService, type TemplateService } from "../console/templates/service";
import { createTokenService, type TokenService } from "../console/tokens/service";
import { logger } from "../logger";
import { getEnv } from "./env";
import { followerSyncStore, storedFollowerStore, templateSendStore } from "./stores";
import { getWeChatClient } from "./wechat";

/** The console's services, one per feature (lib/console/<feature>/), built once over the real client and stores. */
export interface Services {
  menu: MenuService;
  followers: FollowerService;
  followerSync: FollowerSyncService;
  templates: TemplateService;
  tokens: TokenService;
  messages: MessageService;
  ops: OpsService;
}

const globals = globalThis as unknown as { __wechatServices?: Promise<Services> };

async function createServices(): Promise<Services> {
  const client = await getWeChatClient();
  return {
    menu: createMenuService(client),
    followers: createFollowerService({ client, store: storedFollowerStore() }),
    followerSync: createFollowerSyncService({ appId: getEnv().appId, store: followerSyncStore(), client, logger, now: Date.now, newId: randomUUID }),
    templates: createTemplateService({ client, store: templateSendStore(), logger, now: Date.now }),
    tokens: createTokenService(client.credentials),
    messages: createMessageService(client),
    ops: createOpsService({ client, appId: getEnv().appId, recentErrors: recentWeChatErrors }),
  };
}

/** The services; a failure to build them (the database down) is retried on the next call. */
export function getServices(): Promise<Services> {
  globals.__wechatServices ??= createServices().catch((error: unknown) => {
    globals.__wechatServices = undefined;
    throw error;
  });
  return globals.__wechatServices;
}
