/** Customer service (客服): kf accounts, sessions, typing, and the half of it WeChat keeps to itself. */
import type { SimGroup } from "../../core/router";
import { kfControlRoutes } from "./control-routes";
import { kfRoutes } from "./routes";

export const kf: SimGroup = { name: "kf", routes: kfRoutes, controlRoutes: kfControlRoutes };
export { kfState } from "./state";
