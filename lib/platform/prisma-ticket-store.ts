import "server-only";
import type { Db } from "../db/client";
import { isUniqueViolation } from "../db/prisma-errors";
import type { ComponentTicket, ComponentTicketStore } from "@wxmp/wechat/component/ticket-store";

/**
 * The platform's last component_verify_ticket on Prisma, one row per platform, shared by every
 * instance. "Newer wins" is one conditional UPDATE (the row's createdAt not after the new
 * one's), which SQLite and PostgreSQL evaluate atomically: tickets saved at once by several
 * processes end with the newest, and a replayed older push changes nothing.
 */
export function createPrismaComponentTicketStore(db: Db): ComponentTicketStore {
  return {
    async get(componentAppId) {
      const row = await db.componentTicket.findUnique({ where: { componentAppId } });
      return row && { ticket: row.ticket, createdAt: row.createdAt.getTime(), receivedAt: row.receivedAt.getTime() };
    },

    async save(componentAppId, ticket: ComponentTicket) {
      const data = { ticket: ticket.ticket, createdAt: new Date(ticket.createdAt), receivedAt: new Date(ticket.receivedAt) };
      try {
        await db.componentTicket.create({ data: { componentAppId, ...data } });
        return true;
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
      const { count } = await db.componentTicket.updateMany({ where: { componentAppId, createdAt: { lte: data.createdAt } }, data });
      return count === 1;
    },
  };
}
