import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import type { CurrentUser } from "@/lib/auth/users";
import { loadCurrentUser } from "../../_components/load-current-user";
import { signInHref } from "../../_components/sign-in";
import { OpenInWeChat } from "./open-in-wechat";

/**
 * The shop works only inside WeChat (JSAPI pay needs the WeChat browser and the buyer's openid):
 * elsewhere it says so; in WeChat a signed-out buyer goes straight through silent web
 * authorization (snsapi_base: no consent page, the openid is all pay needs) and comes back here.
 */
export async function ShopGate({ returnTo, children }: { returnTo: string; children: (user: CurrentUser) => ReactNode }): Promise<ReactNode> {
  const inWeChat = /MicroMessenger/i.test((await headers()).get("user-agent") ?? "");
  if (!inWeChat) return <OpenInWeChat path={returnTo} />;
  const { user, failed } = await loadCurrentUser();
  if (failed) {
    return (
      <div className="notice notice-error" role="alert" data-testid="shop-user-error">
        暂时无法读取登录状态，请稍后刷新重试。
      </div>
    );
  }
  if (!user) redirect(signInHref("snsapi_base", returnTo));
  return children(user);
}
