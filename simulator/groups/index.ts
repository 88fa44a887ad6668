/**
 * Every group the simulator serves, in one list: WeChat's API groups, then the simulator's own
 * control API, JS bridge and chat UI. server.ts serves exactly these routes, and the endpoint
 * coverage test (test/simulator-endpoints.test.ts) holds them against the library's calls.
 * A new group is a module (or folder) here and one line in this list; a new route in an
 * existing group touches only that group.
 */
import { control } from "../control";
import type { Route, SimGroup } from "../core/router";
import { chatUi } from "../ui";
import { broadcast } from "./broadcast";
import { component } from "./component";
import { datacube } from "./datacube";
import { jsBridge } from "./js-bridge";
import { kf } from "./kf";
import { media } from "./media";
import { menu } from "./menu";
import { notify } from "./notify";
import { oauth } from "./oauth";
import { ops } from "./ops";
import { pay } from "./pay";
import { qrcode } from "./qrcode";
import { tags } from "./tags";
import { token } from "./token";
import { users } from "./users";

export const GROUPS: readonly SimGroup[] = [token, users, tags, kf, broadcast, datacube, ops, menu, media, qrcode, notify, oauth, component, pay, jsBridge, control, chatUi];

/** Every route, WeChat's and the simulator's own. */
export const ROUTES: readonly Route[] = GROUPS.flatMap((group) => [...group.routes, ...(group.controlRoutes ?? [])]);
