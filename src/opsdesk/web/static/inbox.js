// The inbox refreshes its rows every few seconds (htmx polls the <tbody>). Swapping the
// whole table body would throw the agent's keyboard focus to the top of the page and make
// screen readers read the table again, so this htmx swap style updates it in place: rows
// are matched by ticket id, unchanged rows are left alone, changed ones are patched node by
// node (a focused link survives), and only what changed is announced in a polite
// role=status region ("2 new tickets", "T-123 breached its SLA").
(function () {
  "use strict";
  const STYLE = "inbox-rows";
  const rendered = new WeakMap(); // row -> the server's HTML it was last patched to

  function key(row) {
    return row.dataset.ticketId ? "ticket:" + row.dataset.ticketId : "row:" + row.className;
  }

  // The j/k selection is the page's own state (workspace.js), not the server's.
  function syncAttributes(old, fresh) {
    const selected = old.matches("tr.selected");
    Array.from(old.attributes).forEach(({ name }) => {
      if (!fresh.hasAttribute(name)) old.removeAttribute(name);
    });
    Array.from(fresh.attributes).forEach(({ name, value }) => {
      if (old.getAttribute(name) !== value) old.setAttribute(name, value);
    });
    if (selected) { old.classList.add("selected"); old.setAttribute("aria-selected", "true"); }
  }

  function patch(old, fresh) {
    if (old.nodeType !== fresh.nodeType || old.nodeName !== fresh.nodeName) {
      old.replaceWith(fresh);
      return;
    }
    if (old.nodeType !== Node.ELEMENT_NODE) {
      if (old.nodeValue !== fresh.nodeValue) old.nodeValue = fresh.nodeValue;
      return;
    }
    syncAttributes(old, fresh);
    const now = Array.from(old.childNodes), next = Array.from(fresh.childNodes);
    next.forEach((child, i) => {
      if (i < now.length) patch(now[i], child); else old.appendChild(child);
    });
    now.slice(next.length).forEach((child) => child.remove());
  }

  function plural(count, word) { return count + " " + word + (count === 1 ? "" : "s"); }

  function announce(news) {
    const status = document.getElementById("inbox-status");
    if (!status || !news.length) return;
    // Emptied first, so the same words twice in a row are announced twice.
    status.textContent = "";
    window.setTimeout(() => { status.textContent = news.join(". "); }, 100);
  }

  function update(tbody, fresh) {
    const wanted = new Set(Array.from(fresh.rows, key));
    const focused = document.activeElement;
    const focusRow = tbody.contains(focused) ? focused.closest("tr") : null;
    const focusAt = focusRow ? Array.from(tbody.rows).indexOf(focusRow) : -1;
    const news = [], added = [], breached = [];
    const old = new Map();
    Array.from(tbody.rows).forEach((row) => {
      const k = key(row);
      if (wanted.has(k) && !old.has(k)) old.set(k, row); else row.remove();
    });
    let cursor = tbody.firstElementChild;
    Array.from(fresh.rows).forEach((row) => {
      let current = old.get(key(row));
      if (!current) {
        current = row;
        if (row.dataset.ticketId) added.push(row);
      } else if (rendered.get(current) !== row.outerHTML) {
        if (row.dataset.sla === "breached" && current.dataset.sla !== "breached") {
          breached.push(row.dataset.reference);
        }
        const html = row.outerHTML;
        patch(current, row);
        rendered.set(current, html);
      }
      if (!rendered.has(current)) rendered.set(current, current.outerHTML);
      if (current === cursor) cursor = cursor.nextElementSibling;
      else tbody.insertBefore(current, cursor);
    });
    if (added.length) news.push(plural(added.length, "new ticket"));
    breached.forEach((reference) => news.push(reference + " breached its SLA"));
    // Keep the agent's place: the same element if it is still there, else its row's link,
    // else the row that took the place of a ticket that left the view.
    if (focusRow && document.activeElement !== focused) {
      let target = focused.isConnected ? focused : null;
      if (!target && focusRow.isConnected) target = focusRow.querySelector("a.ticket-link");
      if (!target && !focusRow.isConnected) {
        const rows = Array.from(tbody.rows);
        const row = rows[Math.min(focusAt, rows.length - 1)];
        target = row ? row.querySelector("a, button") : null;
        if (focusRow.dataset.reference) news.push(focusRow.dataset.reference + " left this view");
      }
      if (target) target.focus({ preventScroll: true });
    }
    announce(news);
    return added;
  }

  function define() {
    window.htmx.defineExtension(STYLE, {
      handleSwap: (style, target, fragment) => {
        if (style !== STYLE || target.tagName !== "TBODY") return false;
        const fresh = fragment.querySelector("tbody");
        return fresh ? update(target, fresh) : false;
      },
    });
  }
  if (window.htmx) define(); else document.addEventListener("DOMContentLoaded", define);
})();
