/**
 * Where a third-party platform keeps its component_verify_ticket: the last one received, shared
 * by every instance (the peers' most reported fault is a ticket kept in one process's memory
 * while another instance needs it). WeChat pushes one every 10 minutes; each is valid 12 hours,
 * so the last one kept still works through hours of missed pushes. The app implements the store
 * with its database; every implementation must pass `describeComponentTicketStoreContract`
 * (lib/wechat/testing/component-ticket-store-contract.ts).
 *
 * @see https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/component_verify_ticket.html
 */

/** A ticket is valid 12 hours after WeChat created it. */
export const COMPONENT_TICKET_TTL_MS = 12 * 3600_000;

export interface ComponentTicket {
  /** A secret: with the appsecret it buys component_access_tokens. Never log or show it. */
  ticket: string;
  /** WeChat's CreateTime of the push, ms since the epoch: the 12 hours count from it. */
  createdAt: number;
  /** When we received it, ms (for the dashboard). */
  receivedAt: number;
}

export interface ComponentTicketStore {
  get(componentAppId: string): Promise<ComponentTicket | null>;
  /**
   * Keeps `ticket` unless one created later is stored already: a push retried or replayed
   * after a newer one must not bring an older ticket back. Atomic across processes.
   * True when `ticket` is now the stored one.
   */
  save(componentAppId: string, ticket: ComponentTicket): Promise<boolean>;
}

/** Whether a stored ticket may still be used at `now`. */
export function isTicketFresh(ticket: ComponentTicket, now: number): boolean {
  return now - ticket.createdAt < COMPONENT_TICKET_TTL_MS;
}

/** In-process store: single-process deployments and unit tests. Operations are atomic (no await inside). */
export function createMemoryComponentTicketStore(): ComponentTicketStore {
  const tickets = new Map<string, ComponentTicket>();
  return {
    async get(componentAppId) {
      const stored = tickets.get(componentAppId);
      return stored ? { ...stored } : null;
    },
    async save(componentAppId, ticket) {
      const stored = tickets.get(componentAppId);
      if (stored && stored.createdAt > ticket.createdAt) return false;
      tickets.set(componentAppId, { ...ticket });
      return true;
    },
  };
}
