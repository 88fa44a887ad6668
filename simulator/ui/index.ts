/** The chat UI: the simulator's own page at `/`, standing in for a phone's WeChat. */
import { unknownAccount } from "../core/control-input";
import { sendHtml } from "../core/http";
import type { SimGroup } from "../core/router";
import { renderChatPage } from "./chat-page";

export const chatUi: SimGroup = {
  name: "chat-ui",
  routes: [],
  controlRoutes: [
    {
      method: "GET", path: "/",
      handler: (ctx) => {
        const page = renderChatPage(ctx.state, ctx.query);
        if (page === null) return unknownAccount(ctx);
        sendHtml(ctx.res, page);
      },
    },
    {
      method: "GET", path: "/favicon.ico",
      handler: (ctx) => {
        ctx.res.writeHead(204);
        ctx.res.end();
      },
    },
  ],
};
