import "server-only";
import { unstable_rethrow } from "next/navigation";
import { describeError, logger } from "@/lib/logger";
import { adminAccess } from "@/lib/wiring/auth";

/** true/false from the session; null when the session cannot be read (misconfiguration). */
export async function readIsAdmin(): Promise<boolean | null> {
  try {
    // Bound to the current ADMIN_TOKEN and an absolute expiry (lib/auth/admin-access.ts).
    return await adminAccess().sessionIsAdmin();
  } catch (error) {
    unstable_rethrow(error); // cookies() marks the page dynamic by throwing
    logger.error("admin page: cannot read the session", describeError(error));
    return null;
  }
}
