/* OpsDesk chat widget: <script src="/chat/widget.js" data-store="…" defer></script>
 * Vanilla JS, no framework. Mounts into #chat-widget when the page has one (the tracking
 * page), otherwise adds a floating launcher. Everything it draws lives in a shadow root,
 * so the host page's CSS cannot reach it. Talks to /api/v1/chat; polls for agents'
 * replies once a person has taken over. A message the server refused stays in the log
 * marked as not sent, with a button to send it again. */
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
      agent: "Team", you: "You",
      notSent: "Not sent.", retry: "Send again", slow: "You are sending messages quickly. Please wait a few seconds." },
    de: { open: "Chatten Sie mit uns", title: "Kundenassistent", label: "Ihre Nachricht", send: "Senden",
      close: "Chat schließen", busy: "Wird gesendet…", error: "Die Nachricht konnte leider nicht gesendet werden. Bitte versuchen Sie es erneut.",
      agent: "Team", you: "Sie",
      notSent: "Nicht gesendet.", retry: "Erneut senden", slow: "Sie senden sehr schnell. Bitte warten Sie einige Sekunden." },
    fr: { open: "Discuter avec nous", title: "Assistant client", label: "Votre message", send: "Envoyer",
      close: "Fermer le chat", busy: "Envoi…", error: "Désolé, le message n'a pas pu être envoyé. Veuillez réessayer.",
      agent: "Équipe", you: "Vous",
      notSent: "Non envoyé.", retry: "Renvoyer", slow: "Vous envoyez des messages très vite. Veuillez patienter quelques secondes." },
    es: { open: "Chatee con nosotros", title: "Asistente de clientes", label: "Su mensaje", send: "Enviar",
      close: "Cerrar el chat", busy: "Enviando…", error: "Lo sentimos, no se pudo enviar el mensaje. Inténtelo de nuevo.",
      agent: "Equipo", you: "Usted",
      notSent: "No enviado.", retry: "Reenviar", slow: "Está enviando mensajes muy rápido. Espere unos segundos, por favor." },
    pt: { open: "Fale conosco", title: "Assistente de clientes", label: "Sua mensagem", send: "Enviar",
      close: "Fechar o chat", busy: "Enviando…", error: "Desculpe, não foi possível enviar a mensagem. Tente novamente.",
      agent: "Equipe", you: "Você",
      notSent: "Não enviada.", retry: "Enviar de novo", slow: "Você está enviando mensagens muito rápido. Aguarde alguns segundos, por favor." }
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

  var host = el("div", { "class": "opsdesk-chat", "data-testid": "chat-widget-root" });
  var shadow = host.attachShadow({ mode: "open" });
  var css = el("link", { rel: "stylesheet", href: base + "/chat/widget.css" });
  var root = el("div", { "class": "odc" + (slot ? " odc-inline" : " odc-floating"), hidden: "" });
  function reveal() { root.hidden = false; }  /* not before its styles: no unstyled flash */
  css.addEventListener("load", reveal);
  css.addEventListener("error", reveal);
  shadow.appendChild(css);
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
  shadow.appendChild(root);
  (slot || document.body).appendChild(host);

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
    return item;
  }

  function api(method, path, body) {
    var headers = { "Content-Type": "application/json" };
    if (chat) { headers["X-Chat-Token"] = chat.token; }
    return fetch(base + "/api/v1/chat" + path, {
      method: method, headers: headers, body: body ? JSON.stringify(body) : undefined
    }).then(function (response) {
      if (!response.ok) {
        var failure = new Error("HTTP " + response.status);
        failure.status = response.status;
        throw failure;
      }
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

  function markUnsent(item, text, failure) {
    item.classList.add("odc-unsent");
    item.setAttribute("data-state", "unsent");
    var note = el("div", { "class": "odc-failed" });
    note.appendChild(el("span", {}, t.notSent));
    var again = el("button", { type: "button", "class": "odc-retry" }, t.retry);
    note.appendChild(again);
    item.appendChild(note);
    status.textContent = failure && failure.status === 429 ? t.slow : t.error;
    again.addEventListener("click", function () {
      item.classList.remove("odc-unsent");
      item.removeAttribute("data-state");
      item.removeChild(note);
      deliver(item, text);
    });
  }

  function deliver(item, text) {
    send.disabled = true;
    status.textContent = t.busy;
    return api("POST", "/sessions/" + chat.id + "/messages?cursor=" + encodeURIComponent(chat.cursor), { text: text })
      .then(function (data) { status.textContent = ""; absorb(data); })
      .catch(function (failure) { markUnsent(item, text, failure); })
      .then(function () { send.disabled = false; input.focus(); });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text || !chat) { return; }
    var item = render({ role: "customer", author: t.you, body: text });
    input.value = "";
    deliver(item, text);
  });
})();
