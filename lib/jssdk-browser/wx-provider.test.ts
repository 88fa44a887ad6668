import { createElement, type ReactNode } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { useWx, WxProvider, type WxState } from "./wx-provider";
import { wxStatusText } from "./wx-status-text";

describe("WxProvider on the server", () => {
  it("renders its children with the initial loading state and never loads the SDK", () => {
    let seen: WxState | undefined;
    function Probe(): ReactNode {
      seen = useWx();
      return createElement("span", null, seen.status);
    }
    const html = renderToString(createElement(WxProvider, null, createElement(Probe)));
    expect(html).toContain("<span>loading</span>");
    expect(seen?.wx).toBeUndefined();
    expect(typeof seen?.retry).toBe("function");
  });

  it("useWx outside the provider is a harmless loading state", () => {
    let seen: WxState | undefined;
    function Probe(): ReactNode {
      seen = useWx();
      return null;
    }
    renderToString(createElement(Probe));
    expect(seen?.status).toBe("loading");
    expect(() => seen?.retry()).not.toThrow();
  });
});

describe("wxStatusText", () => {
  it("tells users outside WeChat that the JS-SDK needs WeChat", () => {
    expect(wxStatusText("unsupported")).toContain("微信");
    expect(wxStatusText("error", "config:invalid signature")).toContain("签名");
    expect(wxStatusText("error", "signing failed (HTTP 403)")).not.toContain("签名");
    expect(wxStatusText("ready")).toContain("就绪");
  });
});
