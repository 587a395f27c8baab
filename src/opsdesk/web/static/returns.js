// The returns screens: keyboard shortcuts, the focused scan inputs, and the item check
// on the receive step (a keyboard-wedge scanner types the code and presses Enter).
(function () {
  "use strict";

  function typing(target) {
    return target.closest("input, textarea, select, [contenteditable]") !== null;
  }

  // "r" opens the receiving desk (j/k, Enter, "/" and "?" are the shared list keys of
  // ops-lists.js, loaded on the queue).
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    if (event.key === "r") window.location.href = "/workspace/returns/receive";
  });

  function itemScan(form) {
    const input = form.querySelector("input");
    const status = form.querySelector("[role='status']");
    const rows = Array.from(document.querySelectorAll("tr[data-sku]"));
    const done = document.querySelector("[data-testid='mark-received']");

    function counter(row) { return row.querySelector("[data-scanned]"); }
    function complete() {
      return rows.every((row) => Number(counter(row).textContent) >= Number(row.dataset.quantity));
    }

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const code = input.value.trim();
      input.value = "";
      if (!code) return;
      const wanted = code.toLowerCase();
      const row = rows.find((r) => r.dataset.sku.toLowerCase() === wanted || (r.dataset.ean && r.dataset.ean === code));
      if (!row) {
        status.textContent = code + " is not in this return: set it aside and check the parcel.";
        status.dataset.state = "bad";
        return;
      }
      const seen = counter(row);
      if (Number(seen.textContent) >= Number(row.dataset.quantity)) {
        status.textContent = "All " + row.dataset.quantity + " × " + row.dataset.sku + " were already scanned.";
        status.dataset.state = "bad";
        return;
      }
      seen.textContent = String(Number(seen.textContent) + 1);
      row.dataset.scanned = Number(seen.textContent) >= Number(row.dataset.quantity) ? "all" : "some";
      if (complete()) {
        status.textContent = "Every item is here. Choose the warehouse and mark the return received.";
        status.dataset.state = "good";
        if (done) done.focus();
      } else {
        status.textContent = "✓ " + row.dataset.sku + " (" + seen.textContent + " of " + row.dataset.quantity + ")";
        status.dataset.state = "";
      }
    });
  }

  // One press refunds once: the button is disabled while the form is on its way.
  function refundOnce(form) {
    form.addEventListener("submit", () => {
      const button = form.querySelector("button[type='submit']");
      if (button) window.setTimeout(() => { button.disabled = true; }, 0);
    });
  }

  function start() {
    const focus = document.querySelector("[data-autofocus]");
    if (focus) focus.focus();
    document.querySelectorAll("form[data-item-scan]").forEach(itemScan);
    document.querySelectorAll("form[data-refund-form]").forEach(refundOnce);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
