/**
 * The chat UI's web-authorization demo: the callback the consent demo link returns to, which
 * redeems the code in-process (as the app's callback would through sns/oauth2/access_token) and
 * shows who signed in.
 */
import { sendHtml } from "../../core/http";
import type { Route, RouteContext } from "../../core/router";
import { renderDemoCallback } from "../../ui/demo-callback-page";
import { headImgUrl } from "./sns-routes";

function demoCallback(ctx: RouteContext): void {
  const { state, query } = ctx;
  const account = state.primary;
  const code = query.get("code");
  if (!code) {
    sendHtml(ctx.res, renderDemoCallback({ code: null, state: query.get("state") }));
    return;
  }
  const grant = account.oauth.redeemCode(code);
  if (!grant.ok) {
    sendHtml(ctx.res, renderDemoCallback({ code, state: query.get("state"), error: `errcode ${grant.errcode}` }));
    return;
  }
  const user = account.users.get(grant.value.openid);
  sendHtml(ctx.res, renderDemoCallback({
    code, state: query.get("state"),
    grant: { ...grant.value, nickname: user?.nickname, avatarUrl: headImgUrl(state.publicUrl, grant.value.openid) },
  }));
}

export const demoCallbackRoutes: Route[] = [{ method: "GET", path: "/__sim/oauth-demo/callback", handler: demoCallback }];
