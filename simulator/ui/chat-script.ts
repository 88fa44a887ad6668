/** Browser code of the chat UI (vanilla JS, polls the control API). */
export const CHAT_SCRIPT = String.raw`(function () {
  "use strict";
  var boot = window.__SIM_BOOT__;
  var $ = function (id) { return document.getElementById(id); };
  var current = boot.defaultUser, lastConv = 0, lastLog = 0, busy = false, gen = 0;
  var TOKEN_ENDPOINTS = { "cgi-bin/token": 1, "cgi-bin/stable_token": 1, "cgi-bin/ticket/getticket": 1 };
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k]; else if (k === "cls") node.className = attrs[k]; else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }
  function api(method, path, body) {
    return fetch(window.__simPath(path), { method: method, headers: { "content-type": "application/json" }, body: body ? JSON.stringify(body) : undefined })
      .then(function (r) { return r.json(); });
  }
  function avatar(openid) { return el("img", { cls: "avatar", src: "/__sim/avatar/" + openid + ".svg", alt: "" }); }
  function userById(openid) { return boot.users.filter(function (u) { return u.openid === openid; })[0]; }
  function renderBody(entry) {
    var p = entry.payload || {};
    if (entry.kind === "news" && p.articles && p.articles[0]) {
      var a = p.articles[0];
      return el("a", { cls: "news", "data-testid": "news-card", href: a.url || "#", target: "_blank", rel: "noopener" }, [
        el("div", { cls: "t", text: a.title }),
        el("div", { cls: "d" }, [el("span", { text: a.description }), a.picUrl ? el("img", { src: a.picUrl, alt: "" }) : null])
      ]);
    }
    if (entry.role !== "user" && ["image", "voice", "video", "music", "mpnews", "miniprogrampage"].indexOf(entry.kind) >= 0) {
      var label = { image: "图片", voice: "语音", video: "视频", music: "音乐", mpnews: "图文", miniprogrampage: "小程序" }[entry.kind];
      return el("div", { cls: "media", "data-testid": entry.kind + "-reply", text: "[" + label + "] " + (p.mediaId || p.media_id || p.title || "") });
    }
    var text = entry.text || (entry.kind === "transfer_customer_service" ? "（已转接人工客服）" : "");
    return el("div", { cls: "bubble", "data-testid": "bubble-text" }, [
      entry.role === "custom" ? el("span", { cls: "tag", text: "客服消息" }) : null,
      document.createTextNode(text)
    ]);
  }
  /** A template message as WeChat shows it: a white card with its title, a label and value per row, 详情 when it links. */
  function templateCard(entry) {
    var p = entry.payload || {};
    var rows = (p.rows || []).map(function (r) {
      return el("div", { cls: "tpl-row" }, [el("span", { cls: "tpl-label", text: r.label }), el("span", { cls: "tpl-value", text: r.value })]);
    });
    var body = [el("div", { cls: "tpl-title", text: p.title || "模板消息" })].concat(rows);
    if (p.url) body.push(el("a", { cls: "tpl-more", href: p.url, target: "_blank", rel: "noopener", text: "详情" }));
    return el("div", { cls: "msg tpl", "data-testid": "chat-message", "data-role": entry.role, "data-kind": entry.kind }, [
      el("img", { cls: "avatar", src: boot.accountAvatar, alt: "" }),
      el("article", { cls: "tpl-card", "data-testid": "template-card", "aria-label": "模板消息：" + (p.title || "") }, body)
    ]);
  }
  function addEntry(entry) {
    var box = $("messages");
    if (entry.kind === "template" && entry.payload && entry.payload.rows) {
      box.appendChild(templateCard(entry));
    } else if (entry.role === "system" || entry.kind === "event") {
      // Events (follow, menu click, scan) and delivery notes are shown as centred notes, not bubbles.
      box.appendChild(el("div", { cls: "sys", "data-testid": "chat-message", "data-role": entry.role, "data-kind": entry.kind, text: entry.text || "" }));
    } else {
      var mine = entry.role === "user";
      box.appendChild(el("div", { cls: "msg" + (mine ? " out" : ""), "data-testid": "chat-message", "data-role": entry.role, "data-kind": entry.kind }, [
        mine ? avatar(entry.openid) : el("img", { cls: "avatar", src: boot.accountAvatar, alt: "" }),
        renderBody(entry)
      ]));
    }
    box.scrollTop = box.scrollHeight;
  }
  function pollConversation() {
    var mine = gen;
    return api("GET", "/__sim/conversation?openid=" + encodeURIComponent(current) + "&since=" + lastConv).then(function (res) {
      if (mine !== gen) return; // the user was switched meanwhile
      res.entries.forEach(function (e) { if (e.id <= lastConv) return; lastConv = e.id; addEntry(e); });
    });
  }
  function fmtTime(ms) { var d = new Date(ms); return d.toTimeString().slice(0, 8); }
  function pollLog() {
    return api("GET", "/__sim/api-log?since=" + lastLog).then(function (res) {
      var list = $("api-log");
      res.entries.forEach(function (e) {
        if (e.id <= lastLog) return;
        lastLog = e.id;
        var isToken = !!TOKEN_ENDPOINTS[e.endpoint];
        var code = e.errcode === null ? String(e.status) : e.errcode === 0 ? "ok" : String(e.errcode);
        var li = el("li", { cls: isToken ? "token" : "", "data-testid": "api-call", "data-endpoint": e.endpoint, "data-errcode": e.errcode === null ? "" : String(e.errcode), "data-token-fetch": isToken ? "true" : "false" }, [
          el("span", { text: fmtTime(e.at) }),
          el("span", { cls: "ep", text: e.method + " " + e.endpoint + (e.fault ? " (" + e.fault + ")" : "") }),
          el("span", { cls: e.errcode ? "err" : "ok", text: code }),
          el("span", { text: e.ms + "ms" })
        ]);
        list.insertBefore(li, list.firstChild);
      });
    });
  }
  function selectUser(openid) {
    current = openid;
    lastConv = 0;
    gen++;
    $("messages").textContent = "";
    var u = userById(openid) || { nickname: openid, subscribe: 0 };
    $("current-avatar").src = "/__sim/avatar/" + openid + ".svg";
    $("current-user").textContent = u.nickname + " · " + (u.subscribe ? "已关注" : "未关注") + " · " + openid;
    pollConversation();
  }
  function setStatus(text, bad) { var s = $("push-status"); s.textContent = text; s.className = "status" + (bad ? " bad" : ""); }
  function push(message) {
    if (busy) return;
    busy = true;
    message.from = current;
    setStatus("推送中…");
    api("POST", "/__sim/push", { mode: $("mode-select").value, message: message }).then(function (r) {
      if (r.error) return setStatus("推送失败：" + r.error, true);
      var last = r.attempts[r.attempts.length - 1] || {};
      var tries = r.attempts.length + " 次请求";
      if (r.userVisibleError) {
        var why = last.error || ("HTTP " + last.status) + (r.replyErrors.length ? "，" + r.replyErrors.join("；") : "");
        setStatus("失败（" + tries + "）：" + why, true);
      } else {
        setStatus("已送达（" + tries + "，" + last.ms + " ms）" + (r.replyWarnings.length ? " 注意：" + r.replyWarnings.join("；") : ""));
      }
      if (message.type === "subscribe" || message.type === "unsubscribe") {
        var u = userById(current);
        if (u) {
          u.subscribe = message.type === "subscribe" ? 1 : 0;
          var opt = $("user-select").querySelector('option[value="' + current + '"]');
          if (opt) opt.textContent = u.nickname + (u.subscribe ? "" : "（未关注）");
          $("current-user").textContent = u.nickname + " · " + (u.subscribe ? "已关注" : "未关注") + " · " + current;
        }
      }
    }, function (e) { setStatus("推送失败：" + e, true); }).then(function () { busy = false; pollConversation(); pollLog(); });
  }
  $("user-select").addEventListener("change", function (e) { selectUser(e.target.value); });
  $("composer").addEventListener("submit", function (e) {
    e.preventDefault();
    var input = $("message-input");
    if (!input.value) return;
    push({ type: "text", content: input.value });
    input.value = "";
  });
  $("event-subscribe").onclick = function () { push({ type: "subscribe" }); };
  $("event-unsubscribe").onclick = function () { push({ type: "unsubscribe" }); };
  $("event-click").onclick = function () { push({ type: "CLICK", key: $("click-key-input").value || "MENU_KEY" }); };
  $("event-scan").onclick = function () { push({ type: "SCAN", scene: $("scan-scene-input").value || "1" }); };
  $("verify-url-button").onclick = function () {
    setStatus("校验服务器地址…");
    api("POST", "/__sim/verify-server-url", {}).then(function (r) {
      setStatus(r.ok ? "服务器地址校验通过（echostr 原样返回）" : "服务器地址校验失败：" + (r.error || "HTTP " + r.status), !r.ok);
    });
  };
  $("expire-tokens-button").onclick = function () {
    api("POST", "/__sim/expire-tokens").then(function () { setStatus("已使所有 access_token / ticket 过期"); });
  };
  selectUser(current);
  pollLog();
  setInterval(function () { pollConversation(); pollLog(); }, 1000);
})();`;
