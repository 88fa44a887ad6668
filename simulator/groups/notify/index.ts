/**
 * Notifications: template messages (模板消息) and subscribe notifications (订阅通知), which share
 * the sent log and push their job events; the control routes stand in for the user's answers.
 */
import type { SimGroup } from "../../core/router";
import { notifyControlRoutes } from "./control-routes";
import { subscribeRoutes } from "./subscribe-routes";
import { templateRoutes } from "./template-routes";

export const notify: SimGroup = { name: "notify", routes: [...templateRoutes, ...subscribeRoutes], controlRoutes: notifyControlRoutes };
export { notifyState } from "./state";
