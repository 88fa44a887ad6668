/**
 * The WeChat client's pay sheet, as a part of the bridge script (jsbridge-script.ts puts it inside
 * its closure, where `post` and `answer` live). `getBrandWCPayRequest` needs no wx.config: the
 * client asks WeChat Pay (the simulator's /__sim/pay/bridge/request), which checks paySign and the
 * prepay_id; then a sheet like WeChat's — merchant, amount, product, 支付 / 取消 — slides over the
 * page in a shadow root (the page's CSS cannot touch it, nor its CSS the page's). The callback gets
 * `get_brand_wcpay_request:ok|cancel|fail`; a failure also carries `err_desc` with the reason and
 * logs it to the console, since the real client says only "fail".
 *
 * Test ids: pay-sheet (the dialog), pay-sheet-merchant, pay-sheet-amount, pay-sheet-description,
 * pay-sheet-confirm (支付), pay-sheet-cancel (取消), pay-sheet-close (×).
 */
const STYLE = [
  ":host{all:initial}",
  ".mask{position:fixed;inset:0;z-index:2147483647;background:rgba(0,0,0,.6);display:flex;align-items:flex-end;justify-content:center;",
  'font-family:-apple-system,BlinkMacSystemFont,"PingFang SC","Helvetica Neue","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:#191919}',
  ".sheet{box-sizing:border-box;width:100%;max-width:480px;background:#fff;border-radius:12px 12px 0 0;padding:16px 24px 24px;text-align:center}",
  ".head{display:flex;align-items:center;justify-content:center;position:relative;min-height:44px}",
  ".head h2{margin:0;font-size:17px;font-weight:600}",
  ".close{position:absolute;left:-8px;top:0;width:44px;height:44px;border:0;background:none;font-size:26px;line-height:44px;color:#191919;cursor:pointer}",
  ".merchant{margin:16px 0 4px;font-size:16px;color:#191919}",
  ".amount{margin:0 0 20px;font-size:36px;font-weight:600;letter-spacing:1px}",
  ".rows{margin:0 0 24px;text-align:left;border-top:1px solid #E5E5E5}",
  ".row{display:flex;justify-content:space-between;gap:16px;padding:12px 0;border-bottom:1px solid #E5E5E5;font-size:15px}",
  ".row dt{color:#575757;flex:none}.row dd{margin:0;text-align:right;word-break:break-all}",
  "button.pay,button.cancel{display:block;box-sizing:border-box;width:100%;min-height:48px;border:0;border-radius:8px;font-size:17px;font-weight:600;cursor:pointer}",
  "button.pay{background:#057A3D;color:#fff}button.cancel{margin-top:12px;background:#F2F2F2;color:#057A3D}",
  "button:focus-visible{outline:3px solid #10AEFF;outline-offset:2px}",
  ".note{margin:16px 0 0;font-size:13px;color:#575757}",
].join("");

export const PAY_SHEET_SCRIPT = String.raw`
  var PAY_FAIL = "get_brand_wcpay_request:fail";
  function payFail(name, args, reason, cb) {
    try { console.warn("[WeChat simulator] getBrandWCPayRequest:fail — " + reason); } catch (e) {}
    answer(name, args, { err_msg: PAY_FAIL, err_desc: reason }, cb);
  }
  function el(tag, cls, text, testid) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    if (testid) node.setAttribute("data-testid", testid);
    return node;
  }
  function row(label, value, testid) {
    var wrap = el("div", "row"); wrap.appendChild(el("dt", "", label)); wrap.appendChild(el("dd", "", value, testid));
    return wrap;
  }
  function showSheet(sheet, done) {
    var host = el("div", "", undefined, "pay-sheet-host");
    var root = host.attachShadow({ mode: "open" });
    var style = document.createElement("style"); style.textContent = __PAY_STYLE__; root.appendChild(style);
    var mask = el("div", "mask");
    var dialog = el("div", "sheet", undefined, "pay-sheet");
    dialog.setAttribute("role", "dialog"); dialog.setAttribute("aria-modal", "true"); dialog.setAttribute("aria-labelledby", "wxsim-pay-title");
    var head = el("div", "head");
    var close = el("button", "close", "×", "pay-sheet-close"); close.type = "button"; close.setAttribute("aria-label", "关闭");
    var title = el("h2", "", "微信支付"); title.id = "wxsim-pay-title";
    head.appendChild(close); head.appendChild(title); dialog.appendChild(head);
    dialog.appendChild(el("p", "merchant", sheet.merchantName, "pay-sheet-merchant"));
    dialog.appendChild(el("p", "amount", sheet.amount, "pay-sheet-amount"));
    var rows = el("dl", "rows"); rows.appendChild(row("商品", sheet.description, "pay-sheet-description")); rows.appendChild(row("付款方式", "零钱"));
    dialog.appendChild(rows);
    var pay = el("button", "pay", "支付", "pay-sheet-confirm"); pay.type = "button";
    var cancel = el("button", "cancel", "取消", "pay-sheet-cancel"); cancel.type = "button";
    dialog.appendChild(pay); dialog.appendChild(cancel);
    dialog.appendChild(el("p", "note", "微信模拟器 · 不会产生真实扣款"));
    mask.appendChild(dialog); root.appendChild(mask);
    (document.body || document.documentElement).appendChild(host);
    var settled = false;
    function finish(choice) {
      if (settled) return; settled = true;
      pay.disabled = true; cancel.disabled = true;
      done(choice, function () { host.remove(); });
    }
    pay.addEventListener("click", function () { finish("pay"); });
    cancel.addEventListener("click", function () { finish("cancel"); });
    close.addEventListener("click", function () { finish("cancel"); });
    var order = [close, pay, cancel];
    mask.addEventListener("keydown", function (e) {
      if (e.key === "Escape") return finish("cancel");
      if (e.key !== "Tab") return;
      // A modal sheet: Tab cycles through its three buttons, never into the page behind it.
      var at = order.indexOf(root.activeElement);
      e.preventDefault();
      order[(at + (e.shiftKey ? order.length - 1 : 1)) % order.length].focus();
    });
    pay.focus();
  }
  function payRequest(name, args, cb) {
    post("/__sim/pay/bridge/request", { args: args, url: location.href }).then(function (r) { return r.json(); }).then(function (res) {
      if (!res.ok) return payFail(name, args, res.reason || "refused", cb);
      showSheet(res.sheet, function (choice, close) {
        var path = choice === "pay" ? "/__sim/pay/bridge/confirm" : "/__sim/pay/bridge/cancel";
        post(path, { sheet: res.sheet.id }).then(function (r) { return r.json(); }).then(function (out) {
          close();
          if (choice === "cancel") return answer(name, args, { err_msg: "get_brand_wcpay_request:cancel" }, cb);
          if (!out.ok) return payFail(name, args, out.reason || "payment failed", cb);
          answer(name, args, { err_msg: "get_brand_wcpay_request:ok" }, cb);
        }, function () { close(); payFail(name, args, "simulator unreachable", cb); });
      });
    }, function () { payFail(name, args, "simulator unreachable", cb); });
  }
`.replace("__PAY_STYLE__", () => JSON.stringify(STYLE));
