/**
 * Broadcasting (草稿箱、发布、群发): the draft box, publishing and mass sending, which share the
 * draft box and push their job-finished events to the app.
 */
import type { SimGroup } from "../../core/router";
import { broadcastControlRoutes } from "./control-routes";
import { draftRoutes } from "./draft-routes";
import { massRoutes } from "./mass-routes";
import { publishRoutes } from "./publish-routes";

export const broadcast: SimGroup = {
  name: "broadcast",
  routes: [...draftRoutes, ...publishRoutes, ...massRoutes],
  controlRoutes: broadcastControlRoutes,
};
export { draftState, SEEDED_PERMANENT_IMAGES } from "./drafts-state";
export { massState } from "./mass-state";
