import "server-only";
import type { Db } from "../db/client";
import { isUniqueViolation } from "../db/prisma-errors";
import type { AuthorizationStatus, AuthorizerRecord, AuthorizerStore } from "@wxmp/wechat/component/authorizer-store";

/** Seals a secret for the place it is stored (lib/accounts/seal.ts's `Sealer`, passed in by lib/wiring). */
export interface SecretSealer {
  seal(plain: string, context: string): string;
  open(sealed: string, context: string): string;
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

/**
 * The accounts authorized to a platform, on Prisma, the authorizer_refresh_token sealed at rest.
 * Each status change is one conditional write (`statusAt` not after the event's time), so
 * processes racing on the same account cannot let a late, older push win.
 */
/** The store, plus every record of a platform (the console lists withdrawn accounts too). */
export interface AuthorizerDirectory extends AuthorizerStore {
  listAll(componentAppId: string): Promise<AuthorizerRecord[]>;
}

export function createPrismaAuthorizerStore(db: Db, sealer: SecretSealer): AuthorizerDirectory {
  const id = (componentAppId: string, authorizerAppId: string) => ({ componentAppId_authorizerAppId: { componentAppId, authorizerAppId } });
  const seal = (row: { componentAppId: string; authorizerAppId: string }, token: string | null): string | null =>
    token === null ? null : sealer.seal(token, refreshTokenContext(row.componentAppId, row.authorizerAppId));

  const toRecord = (row: Row): AuthorizerRecord => ({
    componentAppId: row.componentAppId,
    authorizerAppId: row.authorizerAppId,
    status: row.status === "authorized" ? "authorized" : "unauthorized",
    // A token that does not open (another key) is as good as lost: api_get_authorizer_list recovers it.
    refreshToken: row.refreshToken === null ? null : openOrNull(row),
    funcInfo: parseFuncInfo(row.funcInfo),
    statusAt: row.statusAt.getTime(),
    updatedAt: row.updatedAt.getTime(),
  });
  const openOrNull = (row: Row): string | null => {
    try {
      return sealer.open(row.refreshToken as string, refreshTokenContext(row.componentAppId, row.authorizerAppId));
    } catch {
      return null;
    }
  };

  /** Creates the row, or applies `data` when nothing dated after `at` is stored. */
  async function changeStatus(
    componentAppId: string,
    authorizerAppId: string,
    at: number,
    status: AuthorizationStatus,
    fields: { refreshToken: string | null; funcInfo?: readonly number[] },
  ): Promise<boolean> {
    const refreshToken = seal({ componentAppId, authorizerAppId }, fields.refreshToken);
    const funcInfo = fields.funcInfo === undefined ? undefined : JSON.stringify([...fields.funcInfo]);
    const statusAt = new Date(at);
    try {
      await db.componentAuthorizer.create({
        data: { componentAppId, authorizerAppId, status, refreshToken, funcInfo: funcInfo ?? "[]", statusAt, updatedAt: statusAt },
      });
      return true;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    const before = await db.componentAuthorizer.findUnique({ where: id(componentAppId, authorizerAppId), select: { updatedAt: true } });
    const updatedAt = new Date(Math.max(at, before?.updatedAt.getTime() ?? 0));
    const { count } = await db.componentAuthorizer.updateMany({
      where: { componentAppId, authorizerAppId, statusAt: { lte: statusAt } },
      data: { status, refreshToken, statusAt, updatedAt, ...(funcInfo === undefined ? {} : { funcInfo }) },
    });
    return count === 1;
  }

  return {
    async get(componentAppId, authorizerAppId) {
      const row = await db.componentAuthorizer.findUnique({ where: id(componentAppId, authorizerAppId) });
      return row && toRecord(row);
    },

    saveAuthorization: (input) =>
      changeStatus(input.componentAppId, input.authorizerAppId, input.at, "authorized", { refreshToken: input.refreshToken, funcInfo: input.funcInfo }),

    async saveRefreshToken(componentAppId, authorizerAppId, refreshToken, now) {
      const { count } = await db.componentAuthorizer.updateMany({
        where: { componentAppId, authorizerAppId, status: "authorized" },
        data: { refreshToken: seal({ componentAppId, authorizerAppId }, refreshToken), updatedAt: new Date(now) },
      });
      return count === 1;
    },

    markUnauthorized: (componentAppId, authorizerAppId, at) => changeStatus(componentAppId, authorizerAppId, at, "unauthorized", { refreshToken: null }),

    async listAuthorized(componentAppId) {
      const rows = await db.componentAuthorizer.findMany({ where: { componentAppId, status: "authorized" }, orderBy: { statusAt: "asc" } });
      return rows.map(toRecord);
    },

    async listAll(componentAppId) {
      const rows = await db.componentAuthorizer.findMany({ where: { componentAppId }, orderBy: { statusAt: "asc" } });
      return rows.map(toRecord);
    },

    async forget(componentAppId, authorizerAppId) {
      await db.componentAuthorizer.deleteMany({ where: { componentAppId, authorizerAppId } });
    },
  };
}
