/*
 * Kefu support widget: plain JavaScript, no framework, no CDN.
 *
 *   <div id="kefu"></div>
 *   <script src="/static/kefu/widget.js" data-platform="demo" data-target="#kefu"></script>
 *
 * Opens or continues a ticket through the Kefu API (POST /tickets, GET /tickets/{ref} with
 * X-Access-Token, POST /tickets/{ref}/messages). The reference and access token stay in this
 * device's localStorage; new answers appear by polling every few seconds while visible.
 * Every text is inserted with textContent, never as HTML.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) { return; }
  var cfg = {
    platform: script.getAttribute("data-platform") || "",
    api: (script.getAttribute("data-api") || "/api/v1").replace(/\/$/, ""),
    target: script.getAttribute("data-target") || "#kefu",
    channel: script.getAttribute("data-channel") || "app",
    interval: parseInt(script.getAttribute("data-interval") || "5000", 10),
    lang: (script.getAttribute("data-lang") || navigator.language || "zh").toLowerCase().indexOf("zh") === 0 ? "zh" : "en"
  };
  var T = {
    zh: {
      title: "联系客服", subject: "标题", body: "请描述您遇到的问题", email: "邮箱（可选，用于接收回复）",
      send: "提交", reply: "发送", placeholder: "补充信息…", newTicket: "新建工单",
      status: "状态", reference: "工单编号", you: "您", staff: "客服", system: "系统",
      safety: "客服绝不会索要助记词、私钥、密码或任何费用。投诉免费。",
      code: "防钓鱼码", setCode: "设置", codeSaved: "防钓鱼码已设置。", error: "出错了，请稍后再试。",
      gone: "找不到此工单，已为您清除。"
    },
    en: {
      title: "Contact support", subject: "Title", body: "Describe what happened", email: "E-mail (optional, for answers)",
      send: "Send", reply: "Send", placeholder: "Add information…", newTicket: "New ticket",
      status: "Status", reference: "Reference", you: "You", staff: "Support", system: "System",
      safety: "Support never asks for seed phrases, private keys, passwords or fees. Complaining is free.",
      code: "Anti-phishing code", setCode: "Set", codeSaved: "Your anti-phishing code is set.", error: "Something went wrong; try again later.",
      gone: "This ticket was not found; it was cleared."
    }
  }[cfg.lang];
  var root = document.querySelector(cfg.target);
  if (!root) { return; }
  var storeKey = "kefu:" + cfg.platform;
  var timer = null;
  var seen = -1;

  function load() {
    try { return JSON.parse(localStorage.getItem(storeKey) || "null"); } catch (e) { return null; }
  }
  function save(value) {
    if (value) { localStorage.setItem(storeKey, JSON.stringify(value)); } else { localStorage.removeItem(storeKey); }
  }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") { node.textContent = attrs[k]; } else { node.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { if (c) { node.appendChild(c); } });
    return node;
  }
  function request(method, path, body, token) {
    var headers = { "Accept": "application/json" };
    if (body !== undefined) { headers["Content-Type"] = "application/json"; }
    if (token) { headers["X-Access-Token"] = token; }
    if (method === "POST") { headers["Idempotency-Key"] = String(Date.now()) + "-" + Math.random().toString(36).slice(2); }
    return fetch(cfg.api + path, {
      method: method, headers: headers, credentials: "omit",
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (data) { return { status: r.status, data: data }; });
    });
  }
  function notice(text, kind) {
    return el("p", { "class": "kefu-" + (kind || "note"), text: text,
      style: "margin:6px 0;padding:6px 8px;border-radius:6px;font-size:13px;background:" + (kind === "warn" ? "#fff4e5" : "#eef6ff") });
  }
  function problemText(res) {
    var d = res.data || {};
    var detail = d.detail || T.error;
    (d.errors || []).forEach(function (e) { detail += " " + e.field + ": " + e.message; });
    return detail;
  }

  function renderForm(message) {
    stop();
    root.textContent = "";
    var subject = el("input", { maxlength: "200", placeholder: T.subject, style: "width:100%;margin:4px 0;padding:8px" });
    var body = el("textarea", { rows: "5", maxlength: "20000", placeholder: T.body, style: "width:100%;margin:4px 0;padding:8px" });
    var email = el("input", { type: "email", placeholder: T.email, style: "width:100%;margin:4px 0;padding:8px" });
    var out = el("div");
    var button = el("button", { type: "submit", text: T.send, style: "padding:8px 16px" });
    var form = el("form", {}, [el("h2", { text: T.title, style: "font-size:16px" }), notice(T.safety), subject, body, email, button, out]);
    if (message) { out.appendChild(notice(message, "warn")); }
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      button.disabled = true;
      var payload = { platform: cfg.platform, kind: "inquiry", category: "other", channel: cfg.channel,
        subject: subject.value, body: body.value };
      if (email.value) { payload.contact = { email: email.value }; }
      request("POST", "/tickets", payload).then(function (res) {
        button.disabled = false;
        if (res.status !== 201) { out.textContent = ""; out.appendChild(notice(problemText(res), "warn")); return; }
        save({ reference: res.data.reference, token: res.data.access_token });
        renderTicket(res.data.warnings || []);
      }, function () { button.disabled = false; out.appendChild(notice(T.error, "warn")); });
    });
    root.appendChild(form);
  }

  function renderTicket(warnings) {
    var state = load();
    if (!state) { renderForm(); return; }
    root.textContent = "";
    seen = -1;
    var head = el("div", { style: "font-size:13px;color:#555" });
    var list = el("div", { "class": "kefu-messages", style: "max-height:50vh;overflow:auto;margin:8px 0" });
    var alerts = el("div");
    (warnings || []).forEach(function (w) { alerts.appendChild(notice(w, "warn")); });
    var input = el("textarea", { rows: "3", maxlength: "20000", placeholder: T.placeholder, style: "width:100%;padding:8px" });
    var send = el("button", { type: "submit", text: T.reply, style: "padding:8px 16px" });
    var form = el("form", {}, [input, send]);
    var code = el("input", { maxlength: "20", placeholder: T.code, style: "padding:6px" });
    var codeForm = el("form", { style: "margin-top:8px;font-size:13px" }, [code, el("button", { type: "submit", text: T.setCode })]);
    var restart = el("button", { type: "button", text: T.newTicket, style: "margin-top:8px" });
    root.appendChild(el("div", {}, [head, notice(T.safety), alerts, list, form, codeForm, restart]));

    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      if (!input.value.trim()) { return; }
      send.disabled = true;
      request("POST", "/tickets/" + encodeURIComponent(state.reference) + "/messages", { body: input.value }, state.token)
        .then(function (res) {
          send.disabled = false;
          alerts.textContent = "";
          if (res.status !== 201) { alerts.appendChild(notice(problemText(res), "warn")); return; }
          input.value = "";
          (res.data.warnings || []).forEach(function (w) { alerts.appendChild(notice(w, "warn")); });
          refresh();
        }, function () { send.disabled = false; });
    });
    codeForm.addEventListener("submit", function (ev) {
      ev.preventDefault();
      request("POST", "/anti-phishing-code", { reference: state.reference, code: code.value }, state.token).then(function (res) {
        alerts.textContent = "";
        alerts.appendChild(notice(res.status === 200 ? T.codeSaved : problemText(res), res.status === 200 ? "note" : "warn"));
      });
    });
    restart.addEventListener("click", function () { save(null); renderForm(); });

    function refresh() {
      return request("GET", "/tickets/" + encodeURIComponent(state.reference), undefined, state.token).then(function (res) {
        if (res.status === 404) { save(null); renderForm(T.gone); return; }
        if (res.status !== 200) { return; }
        var t = res.data;
        head.textContent = T.reference + ": " + t.reference + " · " + T.status + ": " + t.status;
        var messages = t.messages || [];
        if (messages.length === seen) { return; }
        seen = messages.length;
        list.textContent = "";
        list.appendChild(el("div", { style: "padding:6px;border-bottom:1px solid #ddd" }, [
          el("strong", { text: T.you + " · " + (t.subject || "") }), el("div", { text: t.body || "", style: "white-space:pre-wrap" })
        ]));
        messages.forEach(function (m) {
          var who = m.author_role === "staff" ? (m.author_name || T.staff) + (m.employee_id ? " (" + m.employee_id + ")" : "")
            : (m.author_role === "requester" ? T.you : T.system);
          list.appendChild(el("div", { style: "padding:6px;border-bottom:1px solid #eee" }, [
            el("small", { text: who + " · " + new Date(m.created_at).toLocaleString() }),
            el("div", { text: m.body, style: "white-space:pre-wrap" })
          ]));
        });
        list.scrollTop = list.scrollHeight;
      }, function () { /* offline: the next poll tries again */ });
    }
    refresh();
    stop();
    timer = setInterval(function () { if (!document.hidden) { refresh(); } }, cfg.interval);
  }
  function stop() { if (timer) { clearInterval(timer); timer = null; } }

  if (load()) { renderTicket([]); } else { renderForm(); }
}());
