/**
 * The library and the simulator serve the same WeChat APIs: every API path the library
 * (lib/wechat, non-test files) calls is served by a simulator route, and every API route the
 * simulator serves is called by some library function. The library's paths are read from its
 * source (whole string literals that are an API path or a WeChat URL); a path built from a
 * template needs its expansion listed below. The simulator's are its route list (routes with an
 * `endpoint`). Its own routes (control API, pages, JS bridge) are listed by name with a reason.
 * WeChat Pay likewise: every `/v3/…` path lib/wechatpay calls against the pay group's routes,
 * a template's `${…}` standing for a route's `:param`.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { DATACUBE_MAX_DAYS } from "@wxmp/wechat/api/datacube";
import { GROUPS } from "@/simulator/groups";

const root = path.resolve(__dirname, "..");
const API_PATH = /^\/(cgi-bin|sns|datacube|wxa|wxaapi|customservice|connect)\/[A-Za-z0-9_./-]+$/;
const PAY_PATH = /^\/v3\/[A-Za-z0-9_./-]+$/;
/** The protocol libraries: WeChat's and WeChat Pay's. */
const WECHAT_LIBRARY = "lib/wechat";
const WECHATPAY_LIBRARY = "lib/wechatpay";
const WECHAT_URL = /^https:\/\/(api|mp|open)\.weixin\.qq\.com(\/.*)$/;

/** Paths the library builds from a template, and what the template stands for. */
const EXPANSIONS: Record<string, () => string[]> = {
  "/datacube/${…}": () => Object.keys(DATACUBE_MAX_DAYS).map((metric) => `/datacube/${metric}`),
};

/** The simulator's own routes: not WeChat APIs, so no library function calls them. */
const SIMULATOR_ONLY: Record<string, string> = {
  "GET /__sim/users": "control API: the seeded users, for tests and the chat UI",
  "POST /__sim/users/:openid/active": "control API: opens a user's 48-hour window, as a message from them would",
  "GET /__sim/custom-messages": "control API: what message/custom/send delivered",
  "DELETE /__sim/custom-messages": "control API: clears that log",
  "GET /__sim/kf": "control API: kf accounts, sessions and the queue",
  "POST /__sim/kf/accounts/:account/presence": "stands in for an agent accepting the invitation and going online (WeChat's web client)",
  "POST /__sim/kf/switch": "stands in for an agent handing a user over (pushes kf_switch_session)",
  "POST /__sim/kf/wait": "stands in for a user queuing for service",
  "GET /__sim/kf/headimg/:id": "serves the head images uploaded with kfaccount/uploadheadimg (the kf_headimgurl)",
  "GET /__sim/job-events": "control API: the job-finished pushes and the app's answers",
  "POST /__sim/broadcast": "control API: publish/mass job delay, failing the next publish, the mass quota",
  "GET /__sim/menu": "control API: the menus as the chat UI shows them",
  "POST /__sim/menu/tap": "stands in for a user tapping a menu button (pushes CLICK/VIEW/…)",
  "GET /__sim/menu/for": "control API: the menu a given user sees",
  "GET /__sim/media/:id": "serves uploaded files at the URLs WeChat hands out (video_url, down_url, image url)",
  "GET /__sim/qrcodes": "control API: the QR codes issued",
  "POST /__sim/qrcodes/scan": "stands in for a user scanning a code (pushes SCAN or subscribe)",
  "GET /__sim/notify": "control API: templates, subscribe templates, what was sent, grants",
  "POST /__sim/notify/popup": "stands in for a user answering the subscribe popup",
  "POST /__sim/notify/change": "stands in for a user turning a notification off in settings",
  "POST /__sim/notify/settings": "control API: the notification quota and users blocking template messages",
  "POST /__sim/account-event": "stands in for the platform's account events (verification, naming, renewal)",
  "POST /connect/oauth2/authorize/confirm": "the consent page's form (WeChat's client UI, not an API)",
  "GET /__sim/oauth-demo/callback": "the chat UI's sign-in demo callback",
  "GET /__sim/jsbridge.js": "the WeixinJSBridge script pages load",
  "POST /__sim/jsapi/verify": "the JS bridge's wx.config check (what the WeChat client asks its servers)",
  "POST /__sim/jsapi/calls": "the JS bridge reporting a call",
  "GET /__sim/jsapi/calls": "control API: the bridge calls pages made",
  "DELETE /__sim/jsapi/calls": "control API: clears them",
  "GET /__sim/state": "control API: counters, never token values",
  "POST /__sim/reset": "control API: back to the start",
  "GET /__sim/faults": "control API: injected faults",
  "POST /__sim/faults": "control API: injects faults",
  "DELETE /__sim/faults": "control API: clears faults",
  "POST /__sim/expire-tokens": "control API: every token and code expires now",
  "POST /__sim/push": "control API: a user's message or event, pushed to the app",
  "POST /__sim/verify-server-url": "control API: the echostr check WeChat runs when the URL is saved",
  "GET /__sim/config": "control API: run-time settings",
  "POST /__sim/config": "control API: changes them",
  "GET /__sim/conversation": "control API: the chat UI's messages",
  "GET /__sim/api-log": "control API: the chat UI's API log",
  "GET /__sim/pushes": "control API: every push and the app's answer",
  "GET /__sim/avatar/:file": "avatars as <openid>.svg",
  "GET /__sim/avatar/:openid/:size": "avatars at the headimgurl sns/userinfo gives",
  "GET /__sim/pay/merchant": "control API: the WeChat Pay merchant's keys (public halves), serials and settings",
  "POST /__sim/pay/merchant": "control API: changes them (signing mode, delays, dropping notifications, …)",
  "GET /__sim/pay/appids": "control API: the AppIDs bound to the merchant (关联AppID)",
  "POST /__sim/pay/appids": "control API: binds one more AppID to the merchant (the demo binds its second account)",
  "GET /__sim/pay/merchants": "control API: the merchants registered at run time and their AppIDs",
  "POST /__sim/pay/merchants": "control API: registers another merchant (an account's own 商户号; the demo's second account)",
  "GET /__sim/pay/app-env": "control API: the WECHATPAY_* values WeChat Pay's side can give the app (nothing secret)",
  "POST /__sim/pay/certificates/rotate": "stands in for WeChat Pay switching to a new platform certificate",
  "GET /__sim/pay/orders": "control API: WeChat Pay's orders",
  "GET /__sim/pay/orders/:out_trade_no": "control API: one order with its refunds and notifications",
  "POST /__sim/pay/orders/:out_trade_no/pay": "stands in for the buyer paying (API-level tests, without a browser)",
  "POST /__sim/pay/orders/:out_trade_no/fail": "stands in for a payment failing (PAYERROR)",
  "GET /__sim/pay/refunds": "control API: WeChat Pay's refunds",
  "POST /__sim/pay/refunds/:out_refund_no/complete": "stands in for the bank finishing a refund now (SUCCESS, ABNORMAL, CLOSED)",
  "GET /__sim/pay/notifications": "control API: notification deliveries, every attempt and the app's answers",
  "POST /__sim/pay/notifications/forge": "sends a forged, tampered, stale or mismatched notification the app must refuse",
  "POST /__sim/pay/notifications/:id/retry": "brings WeChat Pay's next retry forward",
  "POST /__sim/pay/notifications/:id/replay": "sends a notification again with the same id",
  "POST /__sim/pay/signtest": "sends a WECHATPAY/SIGNTEST/ probe now",
  "POST /__sim/pay/bridge/request": "the JS bridge's getBrandWCPayRequest check (what the WeChat client asks WeChat Pay)",
  "POST /__sim/pay/bridge/confirm": "the pay sheet's 支付",
  "POST /__sim/pay/bridge/cancel": "the pay sheet's 取消",
  "GET /__sim/accounts": "control API: the simulated 公众号 (no secrets)",
  "POST /__sim/accounts": "control API: adds a simulated 公众号 (AppID, AppSecret, Token, EncodingAESKey)",
  "GET /wxaopen/safe/bindcomponent": "the mobile authorization page (a WeChat page the library links to, outside the API path pattern)",
  "POST /cgi-bin/componentloginpage/confirm": "the authorization page's form (WeChat's UI, not an API)",
  "GET /__sim/component": "control API: the third-party platform's registration, authorizers, tickets pushed (no secrets)",
  "POST /__sim/component": "control API: registers or changes the platform (what it fills in on open.weixin.qq.com)",
  "POST /__sim/component/ticket": "pushes a component_verify_ticket now instead of waiting for the 10-minute timer",
  "POST /__sim/component/unauthorize": "stands in for an administrator withdrawing the authorization (pushes unauthorized)",
  "POST /__sim/component/release-test": "runs WeChat's 全网发布 test cases against the platform and reports pass/fail",
  "GET /__sim/component/pushes": "control API: what was pushed to the platform's event URL and what it answered",
  "GET /": "the chat UI",
  "GET /favicon.ico": "the chat UI's (empty) icon",
};

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir)).flatMap((entry) => {
    const rel = path.posix.join(dir, entry);
    if (statSync(path.join(root, rel)).isDirectory()) return sourceFiles(rel);
    return /\.ts$/.test(entry) && !/\.test\.ts$/.test(entry) ? [rel] : [];
  });
}

/** The API paths in `text` (WeChat's, or those `pattern` says): whole string literals, and templates as `head${…}tail`. */
function apiPathsIn(text: string, pattern: RegExp = API_PATH): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    let literal: string | undefined;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) literal = node.text;
    else if (ts.isTemplateExpression(node)) literal = node.head.text + node.templateSpans.map((s) => `\${…}${s.literal.text}`).join("");
    if (literal !== undefined) {
      const pathOf = WECHAT_URL.exec(literal)?.[2] ?? literal;
      if (pattern.test(pathOf.replace(/\$\{…\}/g, "x"))) found.push(pathOf);
    }
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile("x.ts", text, ts.ScriptTarget.Latest, true));
  return found;
}

/** What the library calls, with templates expanded (an unknown template is reported as is). */
function libraryPaths(): { paths: Set<string>; unexpanded: string[] } {
  const paths = new Set<string>();
  const unexpanded: string[] = [];
  for (const file of sourceFiles(WECHAT_LIBRARY)) {
    for (const found of apiPathsIn(readFileSync(path.join(root, file), "utf8"))) {
      if (!found.includes("${…}")) paths.add(found);
      else if (EXPANSIONS[found]) EXPANSIONS[found]().forEach((p) => paths.add(p));
      else unexpanded.push(`${file}: ${found}`);
    }
  }
  return { paths, unexpanded };
}

/** Library paths the simulator does not serve, and simulator API paths the library never calls. */
function compareEndpoints(library: Set<string>, served: Set<string>): { notServed: string[]; notCalled: string[] } {
  return {
    notServed: [...library].filter((p) => !served.has(p)).sort(),
    notCalled: [...served].filter((p) => !library.has(p)).sort(),
  };
}

/** What lib/wechatpay calls, templates kept as `${…}` (each stands for one path segment). */
function payLibraryPaths(): Set<string> {
  return new Set(sourceFiles(WECHATPAY_LIBRARY).flatMap((file) => apiPathsIn(readFileSync(path.join(root, file), "utf8"), PAY_PATH)));
}

/** A route path with its `:param` segments written as the library's templates are. */
const asTemplate = (routePath: string): string => routePath.replace(/\/:[^/]+/g, "/${…}");

const library = libraryPaths();
const payLibrary = payLibraryPaths();
const allApiRoutes = GROUPS.flatMap((g) => g.routes);
const isPay = (routePath: string): boolean => routePath.startsWith("/v3/");
const apiRoutes = allApiRoutes.filter((r) => !isPay(r.path));
const payRoutes = allApiRoutes.filter((r) => isPay(r.path));
const ownRoutes = GROUPS.flatMap((g) => g.controlRoutes ?? []);
const served = new Set(apiRoutes.map((r) => r.path));
const payServed = new Set(payRoutes.map((r) => asTemplate(r.path)));

describe("the simulator serves what the library calls, and nothing else", () => {
  it("reads both sides (a broken reader must not pass vacuously)", () => {
    expect(library.paths.size).toBeGreaterThan(90);
    expect(library.paths).toContain("/cgi-bin/token");
    expect(library.paths).toContain("/datacube/getinterfacesummaryhour");
    expect(library.paths).toContain("/cgi-bin/showqrcode");
    expect(apiRoutes.length).toBeGreaterThan(90);
  });

  it("has an expansion for every path the library builds from a template", () => {
    expect(library.unexpanded).toEqual([]);
  });

  it("serves every API path the library calls", () => {
    expect(compareEndpoints(library.paths, served).notServed).toEqual([]);
  });

  it("serves no API path that no library function calls", () => {
    expect(compareEndpoints(library.paths, served).notCalled).toEqual([]);
  });

  it("keeps WeChat's APIs in `routes` (each with an endpoint) and its own routes in `controlRoutes`", () => {
    expect(allApiRoutes.filter((r) => !r.endpoint).map((r) => `${r.method} ${r.path}`)).toEqual([]);
    expect(ownRoutes.filter((r) => r.endpoint).map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it("lists every simulator-only route by name with a reason, and lists nothing it does not serve", () => {
    const own = ownRoutes.map((r) => `${r.method} ${r.path}`);
    expect(own.filter((name) => !SIMULATOR_ONLY[name])).toEqual([]);
    expect(Object.keys(SIMULATOR_ONLY).filter((name) => !own.includes(name))).toEqual([]);
  });

  it("finds a difference when there is one (the check itself can fail)", () => {
    expect(apiPathsIn('call({ path: "/cgi-bin/comment/list" }); const u = `/datacube/${m}`; // "/cgi-bin/in/a/comment"')).toEqual([
      "/cgi-bin/comment/list",
      "/datacube/${…}",
    ]);
    expect(apiPathsIn('const a = "see /cgi-bin/x for details"; const b = "https://mp.weixin.qq.com/cgi-bin/showqrcode";')).toEqual(["/cgi-bin/showqrcode"]);
    expect(compareEndpoints(new Set(["/cgi-bin/a", "/cgi-bin/b"]), new Set(["/cgi-bin/b", "/cgi-bin/c"]))).toEqual({
      notServed: ["/cgi-bin/a"],
      notCalled: ["/cgi-bin/c"],
    });
  });
});

describe("the simulator serves what lib/wechatpay calls, and nothing else", () => {
  it("reads both sides (a broken reader must not pass vacuously)", () => {
    expect(payLibrary).toContain("/v3/pay/transactions/jsapi");
    expect(payLibrary).toContain("/v3/pay/transactions/out-trade-no/${…}/close");
    expect(payLibrary).toContain("/v3/certificates");
    expect(payRoutes.length).toBeGreaterThanOrEqual(7);
  });

  it("serves every WeChat Pay path the library calls", () => {
    expect(compareEndpoints(payLibrary, payServed).notServed).toEqual([]);
  });

  it("serves no WeChat Pay path that no library function calls", () => {
    expect(compareEndpoints(payLibrary, payServed).notCalled).toEqual([]);
  });

  it("reads WeChat Pay's templates and the routes' parameters as the same thing", () => {
    expect(apiPathsIn("const p = `/v3/refund/domestic/refunds/${segment(no)}`; const q = \"/v3/certificates\";", PAY_PATH)).toEqual([
      "/v3/refund/domestic/refunds/${…}",
      "/v3/certificates",
    ]);
    expect(asTemplate("/v3/pay/transactions/out-trade-no/:out_trade_no/close")).toBe("/v3/pay/transactions/out-trade-no/${…}/close");
  });
});
