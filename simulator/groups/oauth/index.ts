/**
 * Web authorization (网页授权): open.weixin.qq.com's authorize and consent pages, the sns/* APIs,
 * and the chat UI's sign-in demo. Codes and web tokens are the account's (core/oauth-state.ts).
 */
import type { SimGroup } from "../../core/router";
import { authorizeRoutes, consentRoutes } from "./authorize-routes";
import { demoCallbackRoutes } from "./demo-callback";
import { snsRoutes } from "./sns-routes";

export const oauth: SimGroup = {
  name: "oauth",
  routes: [...authorizeRoutes, ...snsRoutes],
  controlRoutes: [...consentRoutes, ...demoCallbackRoutes],
};
export { USER_COOKIE } from "./authorize-routes";
