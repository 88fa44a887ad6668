import "server-only";
import { unstable_rethrow } from "next/navigation";
import { describeError, logger } from "@/lib/logger";
import type { CurrentUser } from "@/lib/auth/users";
import { getCurrentUser, getSessionBuyer } from "@/lib/wiring/auth";

export type LoadedUser = { user: CurrentUser | null; failed: false } | { user: null; failed: true };

/**
 * The signed-in user for a page, or `failed` when the session or the database could not be
 * read: the page then says so in Chinese instead of showing an error screen.
 */
export async function loadCurrentUser(): Promise<LoadedUser> {
  return loadUser(getCurrentUser);
}

/**
 * The shop's buyer: of account `appId` when the page names one, else of whichever account the
 * session belongs to (several accounts sell through one shop, each as itself).
 */
export async function loadShopBuyer(appId: string | undefined): Promise<LoadedUser> {
  return loadUser(async () => (appId ? getCurrentUser(appId) : ((await getSessionBuyer())?.user ?? null)));
}

async function loadUser(read: () => Promise<CurrentUser | null>): Promise<LoadedUser> {
  try {
    return { user: await read(), failed: false };
  } catch (error) {
    // cookies() signals "dynamic rendering" by throwing; that one is Next's, not ours.
    unstable_rethrow(error);
    logger.error("page: cannot read the signed-in user", describeError(error));
    return { user: null, failed: true };
  }
}
