/**
 * WeChat Pay (微信支付 APIv3, JSAPI, 直连商户) as api.mch.weixin.qq.com serves it on the simulator's
 * origin: orders, queries, closing, refunds and platform certificates, each checking the merchant's
 * signature and signing its answer; notifications with WeChat Pay's retries; the pay sheet behind
 * the JS bridge's getBrandWCPayRequest; and the `/__sim/pay/*` controls.
 */
import type { SimGroup } from "../../core/router";
import { bridgeRoutes } from "./bridge-routes";
import { certificateRoutes } from "./certificate-routes";
import { payControlRoutes } from "./control-routes";
import { merchantRegistryRoutes } from "./merchant-registry-routes";
import { notificationControlRoutes } from "./notification-control-routes";
import { refundRoutes } from "./refund-routes";
import { transactionRoutes } from "./transaction-routes";

export const pay: SimGroup = {
  name: "pay",
  routes: [...transactionRoutes, ...refundRoutes, ...certificateRoutes],
  controlRoutes: [...merchantRegistryRoutes, ...payControlRoutes, ...notificationControlRoutes, ...bridgeRoutes],
};
export { payState, PayState } from "./pay-state";
