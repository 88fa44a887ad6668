/** The simulator's own control API (`/__sim/*`): state, reset, faults, tokens, pushes, config and logs. */
import type { SimGroup } from "../core/router";
import { logRoutes } from "./log-routes";
import { controlRoutes } from "./routes";

export const control: SimGroup = { name: "control", routes: [], controlRoutes: [...controlRoutes, ...logRoutes] };
export { snapshot } from "./snapshot";
