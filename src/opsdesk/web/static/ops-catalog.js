// Keys for the catalog and customer screens (no framework, no build step): "n" opens the
// next page of a list, "e" starts editing on a page with an edit form (j/k, Enter, "/"
// and "?" are the shared list keys of ops-lists.js). Ignored while typing in a field.
(function () {
  "use strict";

  function typing(target) {
    return target.closest("input, textarea, select, [contenteditable]") !== null;
  }

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    if (event.key === "n") {
      const next = document.querySelector("a[rel='next']");
      if (next) window.location.href = next.href;
    } else if (event.key === "e") {
      const first = document.querySelector("[data-edit-form] input:not([type='hidden'])");
      if (!first) return;
      event.preventDefault();
      first.focus();
      first.select();
    }
  });
})();
