/** Parametric QR codes and the key shortener (账号管理), and scans from the chat UI. */
import type { SimGroup } from "../../core/router";
import { qrcodeControlRoutes } from "./control-routes";
import { qrcodeRoutes } from "./routes";

export const qrcode: SimGroup = { name: "qrcode", routes: qrcodeRoutes, controlRoutes: qrcodeControlRoutes };
export { qrcodeState } from "./state";
