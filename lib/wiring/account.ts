import "server-only";
import { getEnv } from "./env";

/** The account's name as followers see it (WECHAT_ACCOUNT_NAME): the console's phone preview shows it. */
export function accountName(): string {
  return getEnv().accountName;
}
