// TEMPORARY (until the security branch sec21 lands): its callback-check route still imports this path.
import type { CallbackCheckAction, CallbackCheckOperator, CallbackCheckResult } from "./wechat/api/operations";
import { getServices } from "./wiring/services";

export async function runCallbackCheck(action: CallbackCheckAction, operator: CallbackCheckOperator): Promise<CallbackCheckResult> {
  return (await getServices()).ops.callbackCheck(action, operator);
}
