import "server-only";
import type { Db } from "../db/client";
import { isUniqueViolation } from "../db/prisma-errors";
import type { AuthorizationStatus, AuthorizerRecord, AuthorizerStore } from "@wxmp/wechat/component/authorizer-store";

/** Seals a secret for the place it is stored (lib/accounts/seal.ts's `Sealer`, passed in by lib/wiring). */
export interface SecretSealer {
  seal(plain: string, context: string): string;
  open(sealed: string, context: string): string;
}

/** The store, plus every record of a platform (the console lists withdrawn accounts too). */
export interface AuthorizerDirectory extends AuthorizerStore {
  listAll(componentAppId: string): Promise<AuthorizerRecord[]>;
}

/** Where a refresh token is sealed: a sealed value copied to another row does not open. */
export const refreshTokenContext = (componentAppId: string, authorizerAppId: string): string =>
  `authorizer:${componentAppId}:${authorizerAppId}:refreshToken`;

type Row = {
  componentAppId: string;
  authorizerAppId: string;
  status: string;
  refreshToken: string | null;
  funcInfo: string;
  statusAt: Date;
  updatedAt: Date;
};

function parseFuncInfo(text: string): number[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((n): n is number => Number.isInteger(n)) : [];
  } catch {
    return [];
  }
}

/** A row as the library's record; a refresh token that does not open (another key) reads as lost: api_get_authorizer_list recovers it. */
function toRecord(row: Row, sealer: SecretSealer): AuthorizerRecord {
  let refreshToken: string | null = null;
  if (row.refreshToken !== null) {
    try {
      refreshToken = sealer.open(row.refreshToken, refreshTokenContext(row.componentAppId, row.authorizerAppId));
    } catch {
      refreshToken = null;
    }
  }
  return {
    componentAppId: row.componentAppId,
    authorizerAppId: row.authorizerAppId,
    status: row.status === "authorized" ? "authorized" : "unauthorized",
    refreshToken,
    funcInfo: parseFuncInfo(row.funcInfo),
    statusAt: row.statusAt.getTime(),
    updatedAt: row.updatedAt.getTime(),
  };
}

type StatusChange = {
  componentAppId: string;
  authorizerAppId: string;
  at: number;
  status: AuthorizationStatus;
  /** Already sealed. */
  refreshToken: string | null;
  /** Unchanged when undefined (a withdrawal keeps the last permission sets). */
  funcInfo?: readonly number[];
};

/**
 * Creates the row, or applies the change when no status change dated after it is stored: one
 * conditional UPDATE, so processes racing on an account cannot let a late, older push win.
 */
async function changeStatus(db: Db, change: StatusChange): Promise<boolean> {
  const { componentAppId, authorizerAppId, status, refreshToken } = change;
  const funcInfo = change.funcInfo === undefined ? undefined : JSON.stringify([...change.funcInfo]);
  const statusAt = new Date(change.at);
  try {
    await db.componentAuthorizer.create({
      data: { componentAppId, authorizerAppId, status, refreshToken, funcInfo: funcInfo ?? "[]", statusAt, updatedAt: statusAt },
    });
    return true;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  const before = await db.componentAuthorizer.findUnique({
    where: { componentAppId_authorizerAppId: { componentAppId, authorizerAppId } },
    select: { updatedAt: true },
  });
  const updatedAt = new Date(Math.max(change.at, before?.updatedAt.getTime() ?? 0));
  const { count } = await db.componentAuthorizer.updateMany({
    where: { componentAppId, authorizerAppId, statusAt: { lte: statusAt } },
    data: { status, refreshToken, statusAt, updatedAt, ...(funcInfo === undefined ? {} : { funcInfo }) },
  });
  return count === 1;
}

/** The accounts authorized to a platform, on Prisma, the authorizer_refresh_token sealed at rest. */
export function createPrismaAuthorizerStore(db: Db, sealer: SecretSealer): AuthorizerDirectory {
  const id = (componentAppId: string, authorizerAppId: string) => ({ componentAppId_authorizerAppId: { componentAppId, authorizerAppId } });
  const seal = (componentAppId: string, authorizerAppId: string, token: string | null): string | null =>
    token === null ? null : sealer.seal(token, refreshTokenContext(componentAppId, authorizerAppId));
  const list = async (componentAppId: string, onlyAuthorized: boolean): Promise<AuthorizerRecord[]> => {
    const rows = await db.componentAuthorizer.findMany({
      where: onlyAuthorized ? { componentAppId, status: "authorized" } : { componentAppId },
      orderBy: { statusAt: "asc" },
    });
    return rows.map((row) => toRecord(row, sealer));
  };

  return {
    async get(componentAppId, authorizerAppId) {
      const row = await db.componentAuthorizer.findUnique({ where: id(componentAppId, authorizerAppId) });
      return row && toRecord(row, sealer);
    },
    saveAuthorization: (input) =>
      changeStatus(db, { ...input, status: "authorized", refreshToken: seal(input.componentAppId, input.authorizerAppId, input.refreshToken) }),
    async saveRefreshToken(componentAppId, authorizerAppId, refreshToken, now) {
      const { count } = await db.componentAuthorizer.updateMany({
        where: { componentAppId, authorizerAppId, status: "authorized" },
        data: { refreshToken: seal(componentAppId, authorizerAppId, refreshToken), updatedAt: new Date(now) },
      });
      return count === 1;
    },
    markUnauthorized: (componentAppId, authorizerAppId, at) => changeStatus(db, { componentAppId, authorizerAppId, at, status: "unauthorized", refreshToken: null }),
    listAuthorized: (componentAppId) => list(componentAppId, true),
    listAll: (componentAppId) => list(componentAppId, false),
    async forget(componentAppId, authorizerAppId) {
      await db.componentAuthorizer.deleteMany({ where: { componentAppId, authorizerAppId } });
    },
  };
}
