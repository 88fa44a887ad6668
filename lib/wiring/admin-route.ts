import "server-only";
import { requireAdmin } from "../auth/admin-access";
import { createAdminRoute } from "../http/admin-route";
import { isSameOrigin } from "../http/request-guards";
import { getServices, type Services } from "./services";

/**
 * `adminRoute(context, [body,] handle)` for every `/api/admin/*` handler: lib/http/admin-route.ts
 * over the app's admin access, origin check and console services.
 */
export const adminRoute = createAdminRoute<Services>({
  authenticate: async (request) => (await requireAdmin(request)) ?? { via: "bearer" }, // LIB22-AFTER-SEC21
  isSameOrigin,
  services: getServices,
});
