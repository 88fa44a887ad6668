import "server-only";
import { unstable_rethrow } from "next/navigation";
import { describeError, logger } from "@/lib/logger";
import { getSession } from "@/lib/session";

/** true/false from the session; null when the session cannot be read (misconfiguration). */
export async function readIsAdmin(): Promise<boolean | null> {
  try {
    return (await getSession()).isAdmin === true;
  } catch (error) {
    unstable_rethrow(error); // cookies() marks the page dynamic by throwing
    logger.error("admin page: cannot read the session", describeError(error));
    return null;
  }
}
