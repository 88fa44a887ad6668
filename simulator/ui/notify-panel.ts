/**
 * The chat page's notification panel: the selected user answers the
 * subscribe-notification popup (as `wx-open-subscribe` shows it), and the
 * platform's account events (verification, renewal, expiry) can be pushed.
 * Each goes to the app's server URL through the control API.
 */
const ACCOUNT_EVENTS: Array<[string, string]> = [
  ["qualification_verify_success", "资质认证成功"],
  ["qualification_verify_fail", "资质认证失败"],
  ["naming_verify_success", "名称认证成功"],
  ["naming_verify_fail", "名称认证失败"],
  ["annual_renew", "年审通知"],
  ["verify_expired", "认证过期"],
];

export const NOTIFY_PANEL_HTML = `<div class="events" data-testid="notify-panel">
<button type="button" class="btn btn-default btn-small" id="notify-accept" data-testid="notify-accept">订阅通知：允许</button>
<button type="button" class="btn btn-default btn-small" id="notify-reject" data-testid="notify-reject">订阅通知：拒绝</button>
<select id="account-event-select" data-testid="account-event-select" aria-label="账号事件">${ACCOUNT_EVENTS.map(([v, t]) => `<option value="${v}">${t}</option>`).join("")}</select>
<button type="button" class="btn btn-default btn-small" id="account-event-push" data-testid="account-event-push">推送账号事件</button>
</div>`;

export const NOTIFY_PANEL_SCRIPT = `(function () {
  function $(id) { return document.getElementById(id); }
  function status(text, bad) { var s = $("push-status"); s.textContent = text; s.className = "status" + (bad ? " bad" : ""); }
  function post(path, body) {
    return fetch(window.__simPath(path), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })
      .then(function (r) { return r.json(); });
  }
  function report(label) {
    return function (r) {
      if (r.error) return status(label + "失败：" + r.error, true);
      status(label + (r.push && r.push.delivered ? "，已推送到服务器地址" : "，推送失败"), !(r.push && r.push.delivered));
    };
  }
  function popup(answer) {
    post("/__sim/notify/popup", { openid: $("user-select").value, status: answer }).then(report(answer === "accept" ? "已允许订阅通知" : "已拒绝订阅通知"));
  }
  $("notify-accept").onclick = function () { popup("accept"); };
  $("notify-reject").onclick = function () { popup("reject"); };
  $("account-event-push").onclick = function () {
    post("/__sim/account-event", { event: $("account-event-select").value }).then(report("账号事件"));
  };
})();`;
