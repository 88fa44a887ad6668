import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import type { CurrentUser } from "@/lib/auth/users";
import { loadShopBuyer } from "../../_components/load-current-user";
import { signInHref } from "../../_components/sign-in";
import { OpenInWeChat } from "./open-in-wechat";

/** The `?appid=` a shop page was opened with, when it looks like an AppID (anything else: none). */
export function shopAccount(value: string | string[] | undefined): string | undefined {
  return typeof value === "string" && /^wx[0-9A-Za-z]{16}$/.test(value) ? value : undefined;
}

/** Where the shop's page `path` comes back to after sign-in: with its account when it named one. */
export const shopPath = (path: string, appId: string | undefined): string => (appId ? `${path}?appid=${appId}` : path);

/**
 * The shop works only inside WeChat (JSAPI pay needs the WeChat browser and the buyer's openid):
 * elsewhere it says so; in WeChat a signed-out buyer goes straight through silent web
 * authorization (snsapi_base: no consent page, the openid is all pay needs) and comes back here.
 * `appId` (the page's `?appid=`): sign in with that account's web authorization, so the shop sells
 * as it; without one, the account of the buyer's session (the env's account when signed out).
 */
export async function ShopGate({ returnTo, appId, children }: { returnTo: string; appId?: string; children: (user: CurrentUser) => ReactNode }): Promise<ReactNode> {
  const inWeChat = /MicroMessenger/i.test((await headers()).get("user-agent") ?? "");
  if (!inWeChat) return <OpenInWeChat path={returnTo} />;
  const { user, failed } = await loadShopBuyer(appId);
  if (failed) {
    return (
      <div className="notice notice-error" role="alert" data-testid="shop-user-error">
        暂时无法读取登录状态，请稍后刷新重试。
      </div>
    );
  }
  if (!user) redirect(signInHref("snsapi_base", returnTo, appId));
  return children(user);
}
