/** The web UI: the chat page and the consent-page demo callback. */
import { sendHtml } from "./http-utils";
import type { Route, RouteContext } from "./router";
import { headImgUrl } from "./sns-routes";
import { renderChatPage } from "./ui/chat-page";
import { renderDemoCallback } from "./ui/demo-callback-page";

function demoCallback(ctx: RouteContext): void {
  const { state, query } = ctx;
  const code = query.get("code");
  if (!code) {
    sendHtml(ctx.res, renderDemoCallback({ code: null, state: query.get("state") }));
    return;
  }
  // The demo redeems the code in-process, as the app's callback would through sns/oauth2/access_token.
  const grant = state.oauth.redeemCode(code);
  if (!grant.ok) {
    sendHtml(ctx.res, renderDemoCallback({ code, state: query.get("state"), error: `errcode ${grant.errcode}` }));
    return;
  }
  const user = state.users.get(grant.value.openid);
  sendHtml(ctx.res, renderDemoCallback({
    code, state: query.get("state"),
    grant: { ...grant.value, nickname: user?.nickname, avatarUrl: headImgUrl(state, grant.value.openid) },
  }));
}

export const uiRoutes: Route[] = [
  { method: "GET", path: "/", handler: (ctx) => sendHtml(ctx.res, renderChatPage(ctx.state)) },
  { method: "GET", path: "/__sim/oauth-demo/callback", handler: demoCallback },
  {
    method: "GET", path: "/favicon.ico",
    handler: (ctx) => {
      ctx.res.writeHead(204);
      ctx.res.end();
    },
  },
];
