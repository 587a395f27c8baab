// The order list's keys: j/k move, Enter opens, x ticks, "/" searches; and the bulk bar's
// count of ticked orders. Keys are ignored while typing in a field.
(function () {
  "use strict";

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("table.order-list tbody tr"));
  }

  function currentIndex(list) {
    return list.findIndex(function (row) { return row.classList.contains("current"); });
  }

  function moveTo(list, index) {
    if (!list.length) return;
    var next = Math.max(0, Math.min(list.length - 1, index));
    list.forEach(function (row) { row.classList.remove("current"); row.removeAttribute("aria-current"); });
    list[next].classList.add("current");
    list[next].setAttribute("aria-current", "true");
    list[next].scrollIntoView({ block: "nearest" });
  }

  function updateCount() {
    var label = document.querySelector("[data-testid=selected-count]");
    if (!label) return;
    var ticked = document.querySelectorAll("table.order-list input[name=order]:checked").length;
    label.textContent = ticked ? ticked + " ticked" : "None ticked";
    document.querySelectorAll("#bulk button").forEach(function (b) { b.disabled = ticked === 0; });
  }

  function onKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "/" && !typing(event.target)) {
      var search = document.getElementById("order-search");
      if (search) { event.preventDefault(); search.focus(); search.select(); }
      return;
    }
    if (typing(event.target)) return;
    var list = rows();
    var at = currentIndex(list);
    if (event.key === "j") { moveTo(list, at + 1); }
    else if (event.key === "k") { moveTo(list, at < 0 ? 0 : at - 1); }
    else if (event.key === "Enter" && at >= 0) { window.location.href = list[at].dataset.href; }
    else if (event.key === "x" && at >= 0) {
      var box = list[at].querySelector("input[name=order]");
      if (box) { box.checked = !box.checked; updateCount(); }
    } else { return; }
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
