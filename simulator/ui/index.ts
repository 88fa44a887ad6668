/** The chat UI: the simulator's own page at `/`, standing in for a phone's WeChat. */
import { sendHtml } from "../core/http";
import type { SimGroup } from "../core/router";
import { renderChatPage } from "./chat-page";

export const chatUi: SimGroup = {
  name: "chat-ui",
  routes: [],
  controlRoutes: [
    { method: "GET", path: "/", handler: (ctx) => sendHtml(ctx.res, renderChatPage(ctx.state)) },
    {
      method: "GET", path: "/favicon.ico",
      handler: (ctx) => {
        ctx.res.writeHead(204);
        ctx.res.end();
      },
    },
  ],
};
