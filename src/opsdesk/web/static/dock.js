/* Purchasing and the dock. Two jobs:
   1. One-key shortcuts on the Purchasing pages: an element with data-key="n" is clicked
      (a link or button) or focused (an input) when that key is pressed outside a field.
   2. The receiving page, built for a keyboard-wedge scanner (it types the code fast and
      presses Enter): each scan of a SKU or EAN counts one unit (or the case quantity) on
      its line; unknown codes and counts above what is outstanding are refused loudly.
      Ctrl+Enter books the receipt; Enter in a count or bin field goes back to scanning
      instead of booking half-counted goods. */
(function () {
  "use strict";

  function typing(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    var target = document.querySelector('[data-key="' + CSS.escape(event.key) + '"]');
    if (!target) return;
    event.preventDefault();
    if (typing(target)) { target.focus(); if (target.select) target.select(); }
    else target.click();
  });

  function setupDock() {
    var scan = document.getElementById("item-scan");
    var form = document.getElementById("receipt-form");
    if (!scan || !form) return;
    var caseQty = document.getElementById("case-qty");
    var status = document.getElementById("scan-status");
    var acceptOver = document.getElementById("accept-over");
    var poNumber = (scan.closest("[data-po-number]") || {dataset: {}}).dataset.poNumber || "";
    var byCode = {};
    form.querySelectorAll("tr[data-sku]").forEach(function (row) {
      byCode[row.dataset.sku.toUpperCase()] = row;
      if (row.dataset.ean) byCode[row.dataset.ean] = row;
    });

    function say(text, kind) {
      status.textContent = text;
      status.className = "scan-status " + (kind || "");
      scan.setAttribute("aria-invalid", kind === "bad" ? "true" : "false");
    }

    function count(code) {
      if (!code) return;
      if (poNumber && code.toUpperCase() === poNumber.toUpperCase()) {
        say("That is the purchase order's barcode: now scan the items.", "");
        return;
      }
      var row = byCode[code.toUpperCase()] || byCode[code];
      if (!row) {
        say("Unknown barcode “" + code + "”: it is not on " + poNumber + ". Put the item aside.", "bad");
        return;
      }
      var units = Math.max(1, parseInt(caseQty.value, 10) || 1);
      var input = row.querySelector("input.count");
      var now = (parseInt(input.value, 10) || 0) + units;
      var outstanding = parseInt(row.dataset.outstanding, 10) || 0;
      if (now > outstanding && !acceptOver.checked) {
        say("Over-receipt refused: " + row.dataset.sku + " would be " + now + " but only " +
            outstanding + " are outstanding. Tick “Accept more than ordered” to count it.", "bad");
        return;
      }
      input.value = now;
      caseQty.value = 1;
      row.classList.remove("scanned");
      void row.offsetWidth;  // restart the highlight
      row.classList.add("scanned");
      say("+" + units + " " + row.dataset.sku + " " + row.dataset.title + ": " + now + " of " +
          outstanding + " counted.", "good");
    }

    scan.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" || event.ctrlKey || event.metaKey) return;
      event.preventDefault();
      var code = scan.value.trim();
      scan.value = "";
      count(code);
      scan.focus();
    });
    caseQty.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.ctrlKey) { event.preventDefault(); scan.focus(); }
    });
    form.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" || event.target.tagName !== "INPUT") return;
      if (event.ctrlKey || event.metaKey) return;
      event.preventDefault();
      scan.focus();
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setupDock);
  else setupDock();
})();
