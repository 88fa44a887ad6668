// TEMPORARY (until the security branch sec21 lands): its files still import this path.
export { noteWeChatError, recentWeChatErrors } from "./console/ops/recent-errors";
