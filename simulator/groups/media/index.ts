/** Media and permanent material (素材管理): uploads with WeChat's limits, and the files' URLs. */
import type { SimGroup } from "../../core/router";
import { mediaControlRoutes, mediaRoutes } from "./routes";

export const media: SimGroup = { name: "media", routes: mediaRoutes, controlRoutes: mediaControlRoutes };
export { mediaState } from "./state";
