// Keyboard and small helpers for the agent workspace. No build step, no framework:
// j/k move through the inbox, Enter opens, "/" searches; tone suggestions apply in place;
// open <details> survive htmx refreshes of the customer panel; times show on the agent's
// own clock when the browser's time zone is not the store's.
(function () {
  "use strict";
  let selectedId = null;

  function rows() { return Array.from(document.querySelectorAll("tr.ticket-row")); }

  function select(row) {
    rows().forEach((r) => { r.classList.remove("selected"); r.removeAttribute("aria-selected"); });
    if (!row) return;
    row.classList.add("selected");
    row.setAttribute("aria-selected", "true");
    selectedId = row.dataset.ticketId;
    const link = row.querySelector("a.ticket-link");
    if (link) link.focus({ preventScroll: false });
  }

  function move(step) {
    const all = rows();
    if (!all.length) return;
    const at = all.findIndex((r) => r.dataset.ticketId === selectedId);
    select(all[Math.min(all.length - 1, Math.max(0, at === -1 ? 0 : at + step))]);
  }

  function typing(target) {
    return target.closest("input, textarea, select, [contenteditable]") !== null;
  }

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    const search = document.getElementById("inbox-search");
    if (event.key === "/" && search) { event.preventDefault(); search.focus(); search.select(); }
    else if (event.key === "j") { move(1); }
    else if (event.key === "k") { move(-1); }
    else if (event.key === "Enter" && selectedId && !event.target.closest("a, button")) {
      const row = rows().find((r) => r.dataset.ticketId === selectedId);
      if (row) window.location.href = row.dataset.href;
    }
  });

  // A tone suggestion replaces exactly the span it was made for, if the text still has it.
  document.addEventListener("click", (event) => {
    const button = event.target.closest("button.suggestion");
    if (!button) return;
    const box = document.getElementById("reply-body");
    const start = Number(button.dataset.start), end = Number(button.dataset.end);
    if (box.value.slice(start, end) !== button.dataset.original) return;
    box.value = box.value.slice(0, start) + button.dataset.replacement + box.value.slice(end);
    box.focus();
    box.dispatchEvent(new Event("input", { bubbles: true }));
  });

  // A refused ticket action (409 state, 422 input) comes back as its form with the
  // reason in it: swap it in like a success instead of dropping it as an error.
  document.addEventListener("htmx:beforeSwap", (event) => {
    const status = event.detail.xhr.status;
    if ((status === 409 || status === 422) && event.detail.target.matches("details.action")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // The customer panel polls, but not while an action form is open: the agent's typing
  // would be swapped away. (Here, not in an hx-trigger filter: htmx evaluates those as
  // code, which the Content-Security-Policy refuses.)
  document.addEventListener("htmx:beforeRequest", (event) => {
    const source = event.detail.elt;
    if (source.id === "customer-panel" && source.querySelector("details.action[open]")) {
      event.preventDefault();
    }
  });

  // Polling swaps whole fragments: keep the agent's place (selection, open details).
  let openDetails = [];
  document.addEventListener("htmx:beforeSwap", (event) => {
    if (event.detail.target.id === "customer-panel") {
      openDetails = Array.from(event.detail.target.querySelectorAll("details")).map(
        (d) => [d.id || d.closest("[id]").id + ":" + d.className, d.open]);
    }
  });
  document.addEventListener("htmx:afterSettle", () => {
    const panel = document.getElementById("customer-panel");
    if (panel && openDetails.length) {
      const state = new Map(openDetails);
      panel.querySelectorAll("details").forEach((d) => {
        const key = d.id || d.closest("[id]").id + ":" + d.className;
        if (state.has(key)) d.open = state.get(key);
      });
    }
    if (selectedId) {
      const row = rows().find((r) => r.dataset.ticketId === selectedId);
      if (row) { row.classList.add("selected"); row.setAttribute("aria-selected", "true"); }
    }
    agentClock(document);
  });

  // Times arrive on the store's clock; an agent whose browser runs on another time zone
  // reads them on their own, with the store's clock kept in the tooltip.
  function agentClock(root) {
    let zone = "";
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { return; }
    if (!zone || zone === document.body.dataset.storeZone) return;
    const format = new Intl.DateTimeFormat(undefined, {
      weekday: "short", day: "2-digit", month: "short", hour: "2-digit", minute: "2-digit",
      timeZoneName: "short",
    });
    root.querySelectorAll("time[data-store-clock]:not([data-agent-clock])").forEach((t) => {
      const at = new Date(t.getAttribute("datetime"));
      if (Number.isNaN(at.getTime())) return;
      t.title = t.textContent;
      t.textContent = format.format(at);
      t.dataset.agentClock = zone;
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => agentClock(document));
  } else {
    agentClock(document);
  }

  // SLA timers tick on the agent's screen, in the inbox between its refreshes and on the
  // ticket view alike: a running timer carries the instants it changes at (data-sla-due,
  // data-sla-at-risk, data-sla-breach) and is relabelled from them every second by the
  // rules of web/ui/timers.py running_timer ("due in 3 min" → "overdue 1 min", class
  // sla-at_risk → sla-breached).
  function slaDuration(ms) {
    const total = Math.floor(Math.floor(Math.abs(ms) / 1000) / 60);
    const days = Math.floor(total / 1440), hours = Math.floor(total / 60) % 24, minutes = total % 60;
    if (days) return days + " d " + hours + " h";
    if (hours) return hours + " h " + String(minutes).padStart(2, "0") + " min";
    return minutes ? minutes + " min" : "< 1 min";
  }
  function tickTimers(root) {
    const now = Date.now();
    root.querySelectorAll(".timer[data-sla-due]").forEach((t) => {
      const at = (name) => Date.parse(t.getAttribute("data-sla-" + name) || "");
      const due = at("due"), risk = at("at-risk"), breach = at("breach");
      if (Number.isNaN(due)) return;
      const state = breach <= now ? "breached" : risk <= now ? "at_risk" : "on_track";
      const left = due - now;
      const label = left <= 0 ? "overdue " + slaDuration(left)
        : state === "breached" ? "breached · next due in " + slaDuration(left)
        : "due in " + slaDuration(left);
      if (t.textContent !== label) t.textContent = label;
      if (!t.classList.contains("sla-" + state)) {
        t.classList.remove("sla-on_track", "sla-at_risk", "sla-breached");
        t.classList.add("sla-" + state);
      }
    });
  }
  tickTimers(document);
  setInterval(() => tickTimers(document), 1000);
})();
