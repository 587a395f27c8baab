// The order list's own key, x ticks the order under the cursor (j/k, Enter and "/" are the
// shared list keys of ops-lists.js), and the bulk bar's count of ticked orders. Keys are
// ignored while typing in a field.
(function () {
  "use strict";

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  function updateCount() {
    var label = document.querySelector("[data-testid=selected-count]");
    if (!label) return;
    var ticked = document.querySelectorAll("table.order-list input[name=order]:checked").length;
    label.textContent = ticked ? ticked + " ticked" : "None ticked";
    document.querySelectorAll("#bulk button").forEach(function (b) { b.disabled = ticked === 0; });
  }

  // "x" ticks the row under the list cursor (ops-lists.js moves it with j / k).
  function onKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    if (event.key !== "x") return;
    var row = document.querySelector("table.order-list tbody tr.current");
    var box = row && row.querySelector("input[name=order]");
    if (!box) return;
    box.checked = !box.checked;
    updateCount();
    event.preventDefault();
  }

  document.addEventListener("keydown", onKey);
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "tick-all") {
      document.querySelectorAll("table.order-list input[name=order]").forEach(function (box) {
        box.checked = event.target.checked;
      });
    }
    if (event.target && event.target.closest && event.target.closest("table.order-list")) updateCount();
  });
  document.addEventListener("DOMContentLoaded", updateCount);
})();
