/** Tags, remarks and the blacklist (用户标签管理). */
import type { SimGroup } from "../../core/router";
import { tagsRoutes } from "./routes";

export const tags: SimGroup = { name: "tags", routes: tagsRoutes };
export { tagState } from "./state";
