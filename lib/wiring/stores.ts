import "server-only";
import type { FailureStore } from "../auth/auth-throttle";
import { createPrismaFailureStore } from "../auth/failure-store";
import { createPrismaUserStore, type UserStore } from "../auth/user-store";
import { createPrismaFollowerStore, type StoredFollowerStore } from "../console/followers/prisma-follower-store";
import { createPrismaFollowerSearchStore } from "../console/followers/prisma-search-store";
import type { FollowerSearchStore } from "../console/followers/search";
import { createPrismaFollowerSyncStore } from "../console/followers/prisma-sync-store";
import type { FollowerSyncStore } from "../console/followers/sync";
import type { MenuDraftStore } from "../console/menu/drafts";
import { createPrismaMenuDraftStore } from "../console/menu/prisma-draft-store";
import type { QrChannelStore } from "../console/qrcodes/channels";
import type { InteractionStore } from "../console/messages/interactions";
import { createPrismaInteractionStore } from "../console/messages/prisma-store";
import type { ActivityStore } from "../console/overview/activity";
import { createPrismaActivityStore, createPrismaFailedSendStore } from "../console/overview/prisma-store";
import type { FailedSendStore } from "../console/overview/service";
import { createPrismaQrStore } from "../console/qrcodes/prisma-store";
import { createPrismaTemplateSendStore } from "../console/templates/prisma-store";
import type { TemplateSendStore } from "../console/templates/status";
import { pgPoolOf } from "../db/client";
import { createPrismaPlatformCertificateStore } from "../pay/prisma-certificate-store";
import { createPgPayStore } from "../pay/pg-store";
import { createSqlitePayStore } from "../pay/sqlite-store";
import type { PayStore } from "../pay/store";
import type { PlatformCertificateStore } from "@wxmp/wechatpay/platform-certificates";
import { logger } from "../logger";
import { createPrismaAccountStore } from "../accounts/prisma-account-store";
import type { AccountStore } from "../accounts/store";
import { lazyStore } from "../stores/lazy-store";
import { createPgWebhookStores, type PgWebhookStores } from "../stores/pg-webhook-stores";
import { accountDedupStore } from "../stores/account-dedup";
import { createPrismaCredentialStore } from "../stores/prisma-credential-store";
import { openSqliteConnection, type SqliteConnection } from "../stores/sqlite-connection";
import { openSqliteWebhookStores, type SqliteWebhookStores } from "../stores/sqlite-webhook-stores";
import type { CredentialStore } from "@wxmp/wechat/token/store";
import type { BodyBindingStore } from "@wxmp/wechat/webhook/body-binding";
import type { DedupStore } from "@wxmp/wechat/webhook/dedup";
import { getDb } from "./db";
import { getEnv } from "./env";

/**
 * Every store the app uses, each built here and nowhere else, once per process. A store is
 * opened on its first call (`lazyStore`): a database that is down fails that call, and the
 * next call tries again.
 */
function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

/** A store over the Prisma client, opened on first use. */
const onDb = <S extends object>(make: (db: Awaited<ReturnType<typeof getDb>>) => S): (() => S) => once(() => lazyStore<S>(async () => make(await getDb())));

/**
 * A store of one account's rows, one per AppID per process (the env's account when none is
 * named), opened on first use. Every call for account A reads and writes A's rows only.
 */
function perAccount<S extends object>(make: (db: Awaited<ReturnType<typeof getDb>>, appId: string) => S): (appId?: string) => S {
  const made = new Map<string, S>();
  return (appId = getEnv().appId) => {
    let store = made.get(appId);
    if (!store) {
      store = lazyStore<S>(async () => make(await getDb(), appId));
      made.set(appId, store);
    }
    return store;
  };
}

/** access_token / jsapi_ticket, shared by every process (token central control), keyed by the client's AppID. */
export const credentialStore = async (): Promise<CredentialStore> => createPrismaCredentialStore(await getDb());
/**
 * TemplateSend rows written before they carried an AppID have appId "": they were the
 * environment's account's, and only its stores read them.
 */
const legacyRowsOf = (appId: string): string[] => (appId === getEnv().appId ? [""] : []);
/** Template sends and their TEMPLATESENDJOBFINISH status, per account (MsgID is unique per account only). */
export const templateSendStore = perAccount<TemplateSendStore>((db, appId) => createPrismaTemplateSendStore(db, appId, legacyRowsOf(appId)));
export const menuDraftStore = perAccount<MenuDraftStore>((db, appId) => createPrismaMenuDraftStore(db, appId));
export const qrChannelStore = perAccount<QrChannelStore>((db, appId) => createPrismaQrStore(db, appId));
export const interactionStore = perAccount<InteractionStore>((db, appId) => createPrismaInteractionStore(db, appId));
export const storedFollowerStore = perAccount<StoredFollowerStore>((db, appId) => createPrismaFollowerStore(db, appId));
export const followerSyncStore = onDb<FollowerSyncStore>((db) => createPrismaFollowerSyncStore(db));
/** The 概览's follows, unfollows and messages per day; failed template sends. */
export const activityStore = perAccount<ActivityStore>((db, appId) => createPrismaActivityStore(db, appId));
export const failedSendStore = perAccount<FailedSendStore>((db, appId) => createPrismaFailedSendStore(db, appId, legacyRowsOf(appId)));
export const followerSearchStore = perAccount<FollowerSearchStore>((db, appId) => createPrismaFollowerSearchStore(db, appId));
export const authFailureStore = onDb<FailureStore>((db) => createPrismaFailureStore(db));
export const userStore = onDb<UserStore>((db) => createPrismaUserStore(db));
/**
 * On SQLite, the process's one better-sqlite3 connection for the stores that skip Prisma on hot
 * paths (the webhook's, WeChat Pay's): their writes share its group commits and its
 * checkpointer. Opened on first use; a file that cannot be opened is tried again on the next call.
 */
const sqliteConnection = once((): SqliteConnection => {
  const target = getEnv().database;
  if (target.provider !== "sqlite") throw new Error("sqliteConnection: DATABASE_URL is not SQLite");
  // Each store prepares its own statements on it (and fails, to be tried again, on a file not migrated yet).
  return openSqliteConnection(target.file, () => undefined, logger).connection;
});

/**
 * WeChat Pay orders, refunds and timelines. On SQLite through prepared statements (a notification's
 * lookups and timeline rows at a fraction of Prisma's cost, docs/benchmarks.md), as the webhook's
 * stores are; on PostgreSQL through `pg` prepared statements on the pool Prisma uses, as the
 * webhook's pg stores are. Both write Prisma's rows (lib/pay/sqlite-store.ts, lib/pay/pg-store.ts).
 */
export const payStore = once(() =>
  lazyStore<PayStore>(async () => {
    const target = getEnv().database;
    return target.provider === "sqlite" ? createSqlitePayStore(sqliteConnection()) : createPgPayStore(pgPoolOf(await getDb()));
  }),
);
/** The Account table (several accounts in one deployment); its secrets arrive sealed. */
export const accountStore = onDb<AccountStore>((db) => createPrismaAccountStore(db));
export const payCertificateStore = onDb<PlatformCertificateStore>((db) => createPrismaPlatformCertificateStore(db));

/**
 * The webhook's stores, not through Prisma: the writes every push makes cost a fraction of
 * Prisma's that way (docs/benchmarks.md). On SQLite, statements prepared once on a connection
 * shared with the pay store (sqlite-webhook-stores.ts); on PostgreSQL, prepared statements on the pool
 * Prisma uses (pg-webhook-stores.ts). Opened on the first push, not at start-up, once per
 * process whatever the number of accounts.
 */
const sharedWebhookStores = once((): { dedup: DedupStore; bodyBindings: BodyBindingStore } => {
  const target = getEnv().database;
  if (target.provider === "sqlite") {
    let opened: SqliteWebhookStores | undefined;
    const open = async () => (opened ??= openSqliteWebhookStores(sqliteConnection(), logger));
    return {
      dedup: lazyStore<DedupStore>(async () => (await open()).dedup),
      bodyBindings: lazyStore<BodyBindingStore>(async () => (await open()).bodyBindings),
    };
  }
  let pgStores: PgWebhookStores | undefined;
  const openPg = async () => (pgStores ??= createPgWebhookStores(pgPoolOf(await getDb())));
  return {
    dedup: lazyStore<DedupStore>(async () => (await openPg()).dedup),
    bodyBindings: lazyStore<BodyBindingStore>(async () => (await openPg()).bodyBindings),
  };
});

/**
 * The webhook's stores for one account. The env's account keeps its keys as they always were;
 * any other account's dedup records carry its AppID in their key (accountDedupStore), so two
 * accounts' pushes with the same MsgId and openid never answer for each other. Body bindings
 * need no scope: their key is a hash of a query signed with the account's own Token.
 */
export function webhookStores(appId: string = getEnv().appId): { dedup: DedupStore; bodyBindings: BodyBindingStore } {
  const shared = sharedWebhookStores();
  return appId === getEnv().appId ? shared : { dedup: accountDedupStore(shared.dedup, appId), bodyBindings: shared.bodyBindings };
}
