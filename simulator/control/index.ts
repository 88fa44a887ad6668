/** The simulator's own control API (`/__sim/*`): state, reset, faults, tokens, pushes, config and logs. */
import type { SimGroup } from "../core/router";
import { accountRoutes } from "./account-routes";
import { logRoutes } from "./log-routes";
import { controlRoutes } from "./routes";

export const control: SimGroup = { name: "control", routes: [], controlRoutes: [...controlRoutes, ...accountRoutes, ...logRoutes] };
export { snapshot } from "./snapshot";
