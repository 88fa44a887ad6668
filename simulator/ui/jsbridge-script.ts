/**
 * The in-app browser bridge (`window.WeixinJSBridge`) as a script for
 * `page.addInitScript` or a <script> tag. It answers jweixin 1.6 the way the
 * WeChat client does: preVerifyJSAPI is checked by the simulator against the
 * currently valid jsapi_tickets; other APIs work only after a successful
 * config and only if listed in jsApiList.
 *
 * `getBrandWCPayRequest` (WeChat Pay) needs no config: pay-sheet-script.ts checks it with the
 * simulator and shows the pay sheet.
 *
 * Page-side options, read at call time from `window.__WX_SIM__` (set it in an
 * earlier init script): platform 'android' (default; signs location.href) or
 * 'ios' (signs the URL the page was first loaded at), origin (simulator URL),
 * strictJsApiList (default true), networkType ('wifi'), readyDelayMs (0).
 */
import { PAY_SHEET_SCRIPT } from "./pay-sheet-script";

const SCRIPT = String.raw`(function () {
  "use strict";
  if (typeof window === "undefined" || (window.WeixinJSBridge && window.WeixinJSBridge.__sim)) return;
  var DEFAULT_ORIGIN = __ORIGIN__;
  var initialUrl = location.href.split("#")[0];
  var calls = (window.__wxBridgeCalls = window.__wxBridgeCalls || []);
  var handlers = {};
  var config = { state: "none", apis: [], verifying: 0 };
  function opts() { return window.__WX_SIM__ || {}; }
  function origin() { return opts().origin || DEFAULT_ORIGIN; }
  function platform() {
    if (opts().platform) return opts().platform;
    var ua = navigator.userAgent.toLowerCase();
    return ua.indexOf("iphone") >= 0 || ua.indexOf("ipad") >= 0 ? "ios" : "android";
  }
  function post(path, body) {
    return fetch(origin() + path, { method: "POST", mode: "cors", headers: { "content-type": "text/plain" }, body: JSON.stringify(body), keepalive: true });
  }
  function record(kind, name, args, result) {
    var rec = { kind: kind, name: name, args: args, result: result, url: location.href, platform: platform(), at: Date.now() };
    calls.push(rec);
    try { post("/__sim/jsapi/calls", rec).catch(function () {}); } catch (e) {}
  }
  function answer(name, args, result, cb) {
    record("invoke", name, args, result);
    if (typeof cb === "function") setTimeout(function () { cb(result); }, 0);
  }
  function localId() { return "wxlocalresource://" + Date.now().toString(16) + Math.random().toString(16).slice(2, 10); }
  var android = function () { return platform() !== "ios"; };
  // Answers as the client gives them (jweixin rewrites err_msg into errMsg).
  var API = {
    getNetworkType: function () { return { err_msg: "network_type:" + (opts().networkType || "wifi") }; },
    chooseImage: function () {
      // The simulated user picks one picture.
      var ids = [localId()];
      return { err_msg: "chooseImage:ok", localIds: android() ? JSON.stringify(ids) : ids, sourceType: "album" };
    },
    uploadImage: function () { return { err_msg: "uploadImage:ok", serverId: "sim_" + Math.random().toString(36).slice(2) }; },
    getLocalImgData: function () { return { err_msg: "getLocalImgData:ok", localData: "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==" }; },
    imagePreview: function () { return { err_msg: "imagePreview:ok" }; },
    geoLocation: function () { return { err_msg: "geoLocation:ok", latitude: 22.543096, longitude: 114.057865, speed: 0, accuracy: 65 }; },
    scanQRCode: function (a) { return a && a.needResult ? { err_msg: "scanQRCode:ok", resultStr: "https://example.com/qr" } : { err_msg: "scanQRCode:ok" }; },
    updateAppMessageShareData: function () { return { err_msg: "updateAppMessageShareData:ok" }; },
    updateTimelineShareData: function () { return { err_msg: "updateTimelineShareData:ok" }; },
    onMenuShareAppMessage: function () { return { err_msg: "onMenuShareAppMessage:ok" }; },
    onMenuShareTimeline: function () { return { err_msg: "onMenuShareTimeline:ok" }; },
    sendAppMessage: function () { return { err_msg: "sendAppMessage:ok" }; },
    shareTimeline: function () { return { err_msg: "shareTimeline:ok" }; },
    hideOptionMenu: function () { return { err_msg: "hideOptionMenu:ok" }; },
    showOptionMenu: function () { return { err_msg: "showOptionMenu:ok" }; },
    closeWindow: function () { return { err_msg: "closeWindow:ok" }; },
    checkJsApi: function (a) {
      var result = {};
      (a.jsApiList || []).forEach(function (name) { result[name] = Object.prototype.hasOwnProperty.call(API, name) || name.indexOf("menu:share:") === 0; });
      return { err_msg: "checkJsApi:ok", checkResult: android() ? JSON.stringify(result) : result };
    }
  };
  // Called as a consequence of an allowed share menu, or needed by jweixin itself.
  var IMPLIED = { sendAppMessage: 1, shareTimeline: 1, shareQQ: 1, shareWeiboApp: 1, shareQZone: 1, checkJsApi: 1 };
  function preVerify(name, args, cb) {
    // A re-config (SPA navigation) keeps the previous permissions until it completes.
    config.verifying++;
    var url = platform() === "ios" ? initialUrl : location.href.split("#")[0];
    post("/__sim/jsapi/verify", {
      appId: args.appId, verifyTimestamp: args.verifyTimestamp, verifyNonceStr: args.verifyNonceStr,
      verifySignature: args.verifySignature, url: url, jsApiList: args.verifyJsApiList || []
    }).then(function (r) { return r.json(); }).then(function (res) {
      config.verifying--;
      config.state = res.ok ? "ok" : "failed";
      config.apis = res.ok ? (args.verifyJsApiList || []) : [];
      answer(name, args, { err_msg: res.err_msg }, cb);
    }, function () {
      config.verifying--;
      config.state = "failed";
      answer(name, args, { err_msg: "config:fail, simulator unreachable" }, cb);
    });
  }
  /*__PAY_SHEET__*/
  function invoke(name, args, cb) {
    args = args || {};
    if (name === "preVerifyJSAPI") return preVerify(name, args, cb);
    if (name === "getBrandWCPayRequest") return payRequest(name, args, cb);
    if (config.state === "none" && config.verifying > 0) return answer(name, args, { err_msg: name + ":fail, the permission value is offline verifying" }, cb);
    if (config.state !== "ok") return answer(name, args, { err_msg: name + ":fail, permission denied" }, cb);
    var strict = opts().strictJsApiList !== false;
    if (strict && config.apis.indexOf(name) < 0 && !IMPLIED[name]) return answer(name, args, { err_msg: name + ":fail, permission denied" }, cb);
    var impl = API[name];
    answer(name, args, impl ? impl(args) : { err_msg: name + ":fail" }, cb);
  }
  var bridge = {
    __sim: true,
    invoke: invoke,
    on: function (name, handler) { handlers[name] = handler; record("on", name, null, null); },
    call: function (name, args) { record("call", name, args || null, null); },
    /** Simulator helpers: fire a client event (e.g. 'menu:share:appmessage' as if the user shared). */
    fire: function (name, data) { if (handlers[name]) handlers[name](data || {}); return !!handlers[name]; },
    configState: function () { return config.verifying > 0 ? "verifying" : config.state; }
  };
  function install() {
    window.WeixinJSBridge = bridge;
    var ev;
    try { ev = new Event("WeixinJSBridgeReady"); } catch (e) { ev = document.createEvent("Event"); ev.initEvent("WeixinJSBridgeReady", false, false); }
    document.dispatchEvent(ev);
  }
  var delay = Number(opts().readyDelayMs) || 0;
  if (delay > 0) setTimeout(install, delay); else install();
})();
`;

/** The bridge script with the simulator's public origin filled in. */
export function renderJsBridge(publicUrl: string): string {
  return SCRIPT.replace("__ORIGIN__", JSON.stringify(publicUrl)).replace("/*__PAY_SHEET__*/", () => PAY_SHEET_SCRIPT);
}
