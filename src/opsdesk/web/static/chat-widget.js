/* OpsDesk chat widget: <script src="/chat/widget.js" data-store="…" defer></script>
 * Vanilla JS, no framework. Mounts into #chat-widget when the page has one (the tracking
 * page), otherwise adds a floating launcher. Talks to /api/v1/chat; polls for agents'
 * replies once a person has taken over. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.__opsdeskChat) { return; }
  window.__opsdeskChat = true;
  var base = new URL(script.src, window.location.href).origin;
  var store = script.getAttribute("data-store") || "";
  var slot = document.getElementById("chat-widget");
  var lang = ((slot && slot.getAttribute("data-locale")) || script.getAttribute("data-locale") ||
    navigator.language || "en");
  var STRINGS = {
    en: { open: "Chat with us", title: "Customer assistant", label: "Your message", send: "Send",
      close: "Close chat", busy: "Sending…", error: "Sorry, the message could not be sent. Please try again.",
      agent: "Team", you: "You" },
    de: { open: "Chatten Sie mit uns", title: "Kundenassistent", label: "Ihre Nachricht", send: "Senden",
      close: "Chat schließen", busy: "Wird gesendet…", error: "Die Nachricht konnte leider nicht gesendet werden. Bitte versuchen Sie es erneut.",
      agent: "Team", you: "Sie" },
    fr: { open: "Discuter avec nous", title: "Assistant client", label: "Votre message", send: "Envoyer",
      close: "Fermer le chat", busy: "Envoi…", error: "Désolé, le message n'a pas pu être envoyé. Veuillez réessayer.",
      agent: "Équipe", you: "Vous" },
    es: { open: "Chatee con nosotros", title: "Asistente de clientes", label: "Su mensaje", send: "Enviar",
      close: "Cerrar el chat", busy: "Enviando…", error: "Lo sentimos, no se pudo enviar el mensaje. Inténtelo de nuevo.",
      agent: "Equipo", you: "Usted" },
    pt: { open: "Fale conosco", title: "Assistente de clientes", label: "Sua mensagem", send: "Enviar",
      close: "Fechar o chat", busy: "Enviando…", error: "Desculpe, não foi possível enviar a mensagem. Tente novamente.",
      agent: "Equipe", you: "Você" }
  };
  var t = STRINGS[lang.slice(0, 2).toLowerCase()] || STRINGS.en;
  var storageKey = "opsdesk-chat:" + store + ":" + ((slot && slot.getAttribute("data-tracking-token")) || "");
  var chat = null;
  var shown = {};
  var pollTimer = null;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) { node.textContent = text; }
    return node;
  }

  var css = el("link", { rel: "stylesheet", href: base + "/chat/widget.css" });
  document.head.appendChild(css);

  var root = el("div", { "class": "odc" + (slot ? " odc-inline" : " odc-floating"), "data-testid": "chat-widget-root" });
  var launcher = el("button", { type: "button", "class": "odc-launcher", "aria-expanded": "false",
    "aria-controls": "odc-panel" }, t.open);
  var panel = el("section", { id: "odc-panel", "class": "odc-panel", role: "dialog",
    "aria-label": t.title, hidden: "" });
  var head = el("header", { "class": "odc-head" });
  head.appendChild(el("h2", { "class": "odc-title" }, t.title));
  var closer = el("button", { type: "button", "class": "odc-close", "aria-label": t.close }, "×");
  head.appendChild(closer);
  var log = el("ol", { "class": "odc-log", role: "log", "aria-live": "polite", "aria-label": t.title });
  var form = el("form", { "class": "odc-form" });
  var inputId = "odc-input";
  form.appendChild(el("label", { "for": inputId, "class": "odc-sr" }, t.label));
  var input = el("input", { id: inputId, type: "text", name: "message", autocomplete: "off",
    maxlength: "2000", placeholder: t.label, required: "" });
  var send = el("button", { type: "submit", "class": "odc-send" }, t.send);
  var status = el("p", { "class": "odc-status", role: "status" });
  form.appendChild(input);
  form.appendChild(send);
  panel.appendChild(head);
  panel.appendChild(log);
  panel.appendChild(form);
  panel.appendChild(status);
  root.appendChild(launcher);
  root.appendChild(panel);
  (slot || document.body).appendChild(root);

  function linkify(node, text) {
    var parts = text.split(/(https?:\/\/[^\s)]+)/g);
    parts.forEach(function (part) {
      if (/^https?:\/\//.test(part)) {
        var a = el("a", { href: part, target: "_blank", rel: "noopener noreferrer" }, part);
        node.appendChild(a);
      } else if (part) {
        node.appendChild(document.createTextNode(part));
      }
    });
  }

  function render(message) {
    if (message.id && shown[message.id]) { return; }
    if (message.id) { shown[message.id] = true; }
    var item = el("li", { "class": "odc-msg odc-" + message.role, "data-role": message.role });
    var who = message.role === "customer" ? t.you : (message.role === "agent" ? message.author + " · " + t.agent : message.author);
    item.appendChild(el("span", { "class": "odc-who" }, who));
    message.body.split(/\n\n/).forEach(function (para) {
      var p = el("p", {});
      linkify(p, para);
      item.appendChild(p);
    });
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
  }

  function api(method, path, body) {
    var headers = { "Content-Type": "application/json" };
    if (chat) { headers["X-Chat-Token"] = chat.token; }
    return fetch(base + "/api/v1/chat" + path, {
      method: method, headers: headers, body: body ? JSON.stringify(body) : undefined
    }).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    });
  }

  function remember() {
    try { sessionStorage.setItem(storageKey, JSON.stringify(chat)); } catch (e) { /* private mode */ }
  }

  function absorb(data) {
    (data.messages || []).forEach(function (m) { if (m.role !== "customer") { render(m); } });
    chat.cursor = data.cursor;
    chat.handedOver = data.handover && data.handover.handed_over;
    remember();
    if (chat.handedOver && !pollTimer) { pollTimer = window.setInterval(poll, 3000); }
  }

  function poll() {
    api("GET", "/sessions/" + chat.id + "/messages?cursor=" + encodeURIComponent(chat.cursor))
      .then(absorb).catch(function () { /* try again on the next tick */ });
  }

  function start() {
    var saved = null;
    try { saved = JSON.parse(sessionStorage.getItem(storageKey) || "null"); } catch (e) { saved = null; }
    if (saved && saved.id && saved.token) {
      chat = saved;
      chat.cursor = "";
      return api("GET", "/sessions/" + chat.id + "/messages").then(function (data) {
        data.messages.forEach(render);
        absorb(data);
      });
    }
    var body = { store: store, locale: lang };
    try { body.timezone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { /* default */ }
    if (slot && slot.getAttribute("data-tracking-token")) { body.tracking_token = slot.getAttribute("data-tracking-token"); }
    if (script.getAttribute("data-customer-token")) { body.customer_token = script.getAttribute("data-customer-token"); }
    return api("POST", "/sessions", body).then(function (data) {
      chat = { id: data.id, token: data.token, cursor: data.cursor };
      data.messages.forEach(render);
      absorb(data);
    });
  }

  function open() {
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    var ready = chat ? Promise.resolve() : start();
    ready.then(function () { input.focus(); }).catch(function () { status.textContent = t.error; });
  }

  function close() {
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
  }

  launcher.addEventListener("click", function () { if (panel.hidden) { open(); } else { close(); } });
  closer.addEventListener("click", close);
  panel.addEventListener("keydown", function (event) { if (event.key === "Escape") { close(); } });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text || !chat) { return; }
    render({ role: "customer", author: t.you, body: text });
    input.value = "";
    send.disabled = true;
    status.textContent = t.busy;
    api("POST", "/sessions/" + chat.id + "/messages?cursor=" + encodeURIComponent(chat.cursor), { text: text })
      .then(function (data) { status.textContent = ""; absorb(data); })
      .catch(function () { status.textContent = t.error; })
      .then(function () { send.disabled = false; input.focus(); });
  });
})();
