/** Custom menus (自定义菜单): the default and conditional menus, and taps from the chat UI. */
import type { SimGroup } from "../../core/router";
import { menuControlRoutes } from "./control-routes";
import { menuRoutes } from "./routes";

export const menu: SimGroup = { name: "menu", routes: menuRoutes, controlRoutes: menuControlRoutes };
export { menuState } from "./state";
