/** The shapes the operations routes answer with (type-only: nothing server-side reaches the browser bundle). */
export type { OpsOverview } from "@/lib/console/ops/service";
export type { OpsError } from "@/lib/console/ops/errors";
export type { CallbackCheckResult, RidRequestInfo } from "@wxmp/wechat/api/operations";
