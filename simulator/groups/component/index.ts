/**
 * The open platform (开放平台) towards a third-party platform: component_verify_ticket pushes,
 * component_access_token, pre_auth_codes and the authorization page, authorization events,
 * authorizer tokens (accepted by every API group as the account's access_token) and web
 * authorization on the account's behalf.
 */
import type { SimGroup } from "../../core/router";
import { componentControlRoutes } from "./control-routes";
import { loginPageControlRoutes, loginPageRoutes } from "./login-routes";
import { componentOAuthRoutes } from "./oauth-routes";
import { componentRoutes } from "./routes";

export const component: SimGroup = {
  name: "component",
  routes: [...componentRoutes, ...loginPageRoutes, ...componentOAuthRoutes],
  controlRoutes: [...loginPageControlRoutes, ...componentControlRoutes],
};
export { componentState, type ComponentState } from "./state";
export { pushAuthorizationEvent, pushTicket, sealForPlatform, startTicketLoop } from "./events";
