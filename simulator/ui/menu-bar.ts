/**
 * The account's menu at the bottom of the chat, as WeChat shows it (up to 3
 * buttons, sub-menus pop up above), and a list of the QR codes the app
 * created with a "scan" button each. Both go through the control API, which
 * pushes the event WeChat would (menu-routes.ts, qrcode-routes.ts).
 */
/**
 * The bottom of the chat as WeChat lays it out: with a menu, the menu bar is what shows, a
 * keyboard key on its left switches to the input (whose own key switches back); without one,
 * just the input. `composer` is the input's form.
 */
export function chatBottomHtml(composer: string): string {
  return `<div class="bottom" id="chat-bottom" data-testid="chat-bottom" data-mode="menu" data-has-menu="false">
<div class="menu-row"><button type="button" class="switch" id="to-keyboard" data-testid="to-keyboard" aria-label="切换到键盘输入">⌨</button>
<nav class="menu-bar" id="menu-bar" data-testid="menu-bar" aria-label="公众号菜单"></nav></div>
${composer}
</div>`;
}

export const QR_PANEL_HTML = `<details class="qr-panel" data-testid="qr-panel"><summary>扫描公众号的带参数二维码</summary><ol id="qr-list" data-testid="qr-list"></ol></details>`;

export const MENU_BAR_CSS = `
.menu-bar{display:flex;flex:1;min-width:0;background:#F7F7F7;position:relative}
.menu-bar:empty{display:none}
.menu-bar>.mb{flex:1;position:relative}
.menu-bar button{width:100%;font:inherit;font-size:15px;padding:12px 4px;border:0;border-left:1px solid rgba(0,0,0,.08);background:none;cursor:pointer}
.menu-bar>.mb:first-child>button{border-left:0}
.menu-bar .subs{position:absolute;bottom:calc(100% + 6px);left:4px;right:4px;background:#fff;border-radius:6px;box-shadow:0 2px 10px rgba(0,0,0,.15);display:none;flex-direction:column}
.menu-bar .subs.open{display:flex}
.menu-bar .subs button{border-left:0;border-top:1px solid rgba(0,0,0,.06)}
.qr-panel{padding:6px 12px;font-size:13px}
.qr-panel ol{margin:6px 0;padding-left:18px}
.qr-panel button{margin-left:6px}
`;

export const MENU_BAR_SCRIPT = String.raw`(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var shown = "";
  function openid() { return $("user-select").value; }
  function status(text, bad) { var s = $("push-status"); s.textContent = text; s.className = "status" + (bad ? " bad" : ""); }
  function post(path, body) {
    return fetch(window.__simPath(path), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })
      .then(function (r) { return r.json(); });
  }
  function report(r) {
    if (r.error) return status("推送失败：" + r.error, true);
    status(r.delivered ? "已送达：" + (r.requestXml.match(/<Event><!\[CDATA\[([^\]]*)/) || [])[1] : "推送失败", !r.delivered);
  }
  function tap(path) { post("/__sim/menu/tap", { openid: openid(), path: path, mode: $("mode-select").value }).then(report); }
  function button(label, path, onClick) {
    var b = document.createElement("button");
    b.type = "button"; b.textContent = label; b.setAttribute("data-testid", "menu-button"); b.setAttribute("data-path", path);
    b.onclick = onClick; return b;
  }
  function render(buttons) {
    var bar = $("menu-bar");
    var bottom = $("chat-bottom");
    var has = !!(buttons && buttons.length);
    // A menu that appears is shown, as WeChat opens a chat on its menu; without one, the input.
    if (has && bottom.getAttribute("data-has-menu") !== "true") bottom.setAttribute("data-mode", "menu");
    bottom.setAttribute("data-has-menu", has ? "true" : "false");
    bar.textContent = "";
    (buttons || []).forEach(function (top, i) {
      var cell = document.createElement("div"); cell.className = "mb";
      var path = "button[" + i + "]";
      if (top.sub_button && !top.type) {
        var subs = document.createElement("div"); subs.className = "subs";
        top.sub_button.forEach(function (s, j) {
          subs.appendChild(button(s.name, path + ".sub_button[" + j + "]", function () { subs.classList.remove("open"); tap(path + ".sub_button[" + j + "]"); }));
        });
        cell.appendChild(subs);
        cell.appendChild(button("≡ " + top.name, path, function () { subs.classList.toggle("open"); }));
      } else {
        cell.appendChild(button(top.name, path, function () { tap(path); }));
      }
      bar.appendChild(cell);
    });
  }
  function refresh() {
    fetch(window.__simPath("/__sim/menu/for?openid=" + encodeURIComponent(openid()))).then(function (r) { return r.json(); }).then(function (res) {
      var key = JSON.stringify(res.button || null);
      if (key !== shown) { shown = key; render(res.button); }
    });
    fetch(window.__simPath("/__sim/qrcodes")).then(function (r) { return r.json(); }).then(function (res) {
      var list = $("qr-list");
      list.textContent = "";
      res.items.forEach(function (q) {
        var li = document.createElement("li");
        li.textContent = "场景 " + q.scene + (q.permanent ? "（永久）" : "") + " · 已扫 " + q.scans + " 次";
        var b = document.createElement("button");
        b.type = "button"; b.className = "btn btn-default btn-small"; b.textContent = "扫码"; b.setAttribute("data-testid", "qr-scan");
        b.onclick = function () { post("/__sim/qrcodes/scan", { ticket: q.ticket, openid: openid(), mode: $("mode-select").value }).then(report); };
        li.appendChild(b); list.appendChild(li);
      });
    });
  }
  $("to-keyboard").onclick = function () { $("chat-bottom").setAttribute("data-mode", "keyboard"); $("message-input").focus(); };
  $("to-menu").onclick = function () { $("chat-bottom").setAttribute("data-mode", "menu"); };
  $("user-select").addEventListener("change", function () { shown = ""; refresh(); });
  refresh();
  setInterval(refresh, 2000);
})();`;
