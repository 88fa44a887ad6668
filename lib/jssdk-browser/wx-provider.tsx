"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { createContext, Suspense, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import type wxSdk from "weixin-js-sdk";
import { createConfigQueue } from "./config-queue";
import { detectPlatform, isWeChatBrowser, type WxPlatform } from "./sign-url";
import { configureWx, fetchJsSdkConfig, type WxLike } from "./wx-config";

/**
 * Loads the WeChat JS-SDK in the browser and keeps `wx.config` valid across
 * client-side route changes. Put `<WxProvider>` once in the root layout (so the
 * landing URL is known from the first page) and read it with `useWx()`.
 *
 * @see https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/JS-SDK.html
 */

export type WxSdk = typeof wxSdk;

export type WxStatus = "loading" | "ready" | "error" | "unsupported";

export interface WxState {
  status: WxStatus;
  /** The page URL the current configuration was signed for. */
  signedUrl?: string;
  /** Short technical reason (e.g. `config:invalid signature`); pages show their own Chinese text. */
  error?: string;
  /** The SDK once loaded (inside WeChat only); call its APIs when `status === 'ready'`. */
  wx?: WxSdk;
  /** Configure again (e.g. a "重试" button). */
  retry: () => void;
}

export const DEFAULT_JS_API_LIST: string[] = [
  "updateAppMessageShareData",
  "updateTimelineShareData",
  "chooseImage",
  "previewImage",
  "getLocalImgData",
  "getNetworkType",
  "getLocation",
  "openLocation",
  "scanQRCode",
  "closeWindow",
];

// iOS WeChat verifies against the URL the web view was entered at. The navigation
// entry keeps that URL even if this module is first evaluated after client-side
// navigations; location.href at module load is the fallback.
const landingUrl: string = typeof window === "undefined" ? "" : readLandingUrl();

function readLandingUrl(): string {
  const entry = performance.getEntriesByType?.("navigation")[0];
  return entry && /^https?:/i.test(entry.name) ? entry.name : window.location.href;
}

type Settled = Omit<WxState, "retry"> & { status: "ready" | "error" };

const WxContext = createContext<WxState>({ status: "loading", retry: () => {} });

export function useWx(): WxState {
  return useContext(WxContext);
}

/** `jsApiList` is read once, on mount. */
export function WxProvider({ children, jsApiList = DEFAULT_JS_API_LIST }: { children: ReactNode; jsApiList?: string[] }): ReactNode {
  const [state, setState] = useState<Omit<WxState, "retry">>({ status: "loading" });
  const queue = useMemo(() => createConfigQueue(), []);
  const sdk = useRef<Promise<WxSdk | undefined> | null>(null);
  const preferCurrent = useRef(false);
  const apiList = useRef(jsApiList);

  const configure = useCallback((): void => {
    const userAgent = navigator.userAgent;
    if (!isWeChatBrowser(userAgent)) {
      setState({ status: "unsupported" });
      return;
    }
    const platform: WxPlatform = detectPlatform(userAgent);
    // weixin-js-sdk touches `window` when evaluated (and exports undefined on the server).
    sdk.current ??= import("weixin-js-sdk").then(
      (mod) => {
        const wx = (mod.default ?? (mod as unknown as WxSdk)) || undefined;
        // jweixin's own iOS code calls the global `wx` (e.g. to show chosen images through
        // getLocalImgData); the npm build never defines it, so pages would throw.
        const global = window as unknown as { wx?: WxSdk; jWeixin?: WxSdk };
        if (wx) {
          global.wx ??= wx;
          global.jWeixin ??= wx;
        }
        return wx;
      },
      () => {
        sdk.current = null; // a failed chunk load may work on retry()
        return undefined;
      },
    );
    void queue
      .schedule(async (isCurrent): Promise<Settled | null> => {
        setState((s) => ({ ...s, status: "loading", error: undefined }));
        const wx = await sdk.current;
        if (!wx) return { status: "error", error: "weixin-js-sdk did not load" };
        const result = await configureWx({
          wx: wx as unknown as WxLike,
          jsApiList: apiList.current,
          platform,
          landingUrl,
          currentUrl: window.location.href,
          preferCurrent: preferCurrent.current,
          fetchConfig: (url) => fetchJsSdkConfig(url),
          isCurrent,
          applyOptions: {
            onLateError: (errMsg) => {
              if (isCurrent()) setState((s) => ({ ...s, status: "error", error: errMsg }));
            },
          },
        });
        if (result.status === "stale") return null;
        // An iOS client that verified the current URL, not the landing one: sign that from now on.
        if (result.status === "ready" && result.usedRetryUrl) preferCurrent.current = true;
        return result.status === "ready"
          ? { status: "ready", signedUrl: result.signedUrl, wx }
          : { status: "error", signedUrl: result.signedUrl, error: result.error, wx };
      })
      .then((scheduled) => {
        // Stale: a newer route change owns the state.
        if (!scheduled.stale && scheduled.value) setState(scheduled.value);
      })
      .catch((err: unknown) => setState({ status: "error", error: err instanceof Error ? err.message : String(err) }));
  }, [queue]);

  useEffect(() => queue.cancelAll, [queue]);

  const value = useMemo<WxState>(() => ({ ...state, retry: configure }), [state, configure]);
  return (
    <WxContext.Provider value={value}>
      {/* useSearchParams() suspends during static rendering: keep that away from the page content. */}
      <Suspense fallback={null}>
        <RouteWatcher onRouteChange={configure} />
      </Suspense>
      {children}
    </WxContext.Provider>
  );
}

/** Re-configures on first load and after every client-side route change (path or query). */
function RouteWatcher({ onRouteChange }: { onRouteChange: () => void }): null {
  const pathname = usePathname();
  const search = useSearchParams()?.toString() ?? "";
  useEffect(() => {
    onRouteChange();
  }, [pathname, search, onRouteChange]);
  return null;
}
