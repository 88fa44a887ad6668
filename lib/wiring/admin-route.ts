import "server-only";
import { createAdminRoute } from "../http/admin-route";
import { adminAccess, isOwnOrigin } from "./auth";
import { getServices, type Services } from "./services";

/**
 * `adminRoute(context, [body,] handle)` for every `/api/admin/*` handler: lib/http/admin-route.ts
 * over the app's admin access, origin check and console services.
 */
export const adminRoute = createAdminRoute<Services>({
  authenticate: (request) => adminAccess().authenticate(request),
  isSameOrigin: isOwnOrigin,
  services: getServices,
});
