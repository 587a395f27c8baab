// The keys every operations list shares (no framework, no build step):
//   j / k    move the row cursor down / up        Enter  open the row under the cursor
//   /        jump to the list's search box        ?      show or hide this list of keys
// A list is a table inside an element marked data-list; a row opens its data-href, else
// its first link. The search box is marked data-search. A page adds its own keys to the
// help with data-keys on the list ("x=tick the order under the cursor|n=next page").
// Keys are ignored while typing in a field, and with Ctrl, Alt or Cmd held.
(function () {
  "use strict";

  var SHARED = [["j", "move down the list"], ["k", "move up the list"],
    ["Enter", "open the row under the cursor"], ["/", "search this list"],
    ["?", "show or hide these keys"]];

  function typing(target) {
    return !!(target && target.closest && target.closest("input, textarea, select, [contenteditable]"));
  }

  function list() { return document.querySelector("[data-list]"); }

  function rows() {
    var root = list();
    return root ? Array.prototype.slice.call(root.querySelectorAll("tbody tr")) : [];
  }

  function moveTo(all, index) {
    if (!all.length) return;
    var next = Math.max(0, Math.min(all.length - 1, index));
    all.forEach(function (row) { row.classList.remove("current"); row.removeAttribute("aria-current"); });
    all[next].classList.add("current");
    all[next].setAttribute("aria-current", "true");
    all[next].scrollIntoView({ block: "nearest" });
  }

  function target(row) {
    if (row.dataset.href) return row.dataset.href;
    var link = row.querySelector("a[href]");
    return link ? link.href : null;
  }

  function pageKeys() {
    var root = list();
    var extra = (root && root.dataset.keys) || "";
    return extra.split("|").filter(Boolean).map(function (pair) {
      var at = pair.indexOf("=");
      return [pair.slice(0, at), pair.slice(at + 1)];
    });
  }

  function help() {
    var dialog = document.getElementById("list-keys");
    if (dialog) return dialog;
    dialog = document.createElement("dialog");
    dialog.id = "list-keys";
    dialog.className = "list-keys";
    dialog.setAttribute("aria-labelledby", "list-keys-title");
    dialog.dataset.testid = "shortcut-help";
    var article = document.createElement("article");
    var title = document.createElement("h2");
    title.id = "list-keys-title";
    title.textContent = "Keys for this list";
    var table = document.createElement("dl");
    SHARED.concat(pageKeys()).forEach(function (pair) {
      var dt = document.createElement("dt"), kbd = document.createElement("kbd"), dd = document.createElement("dd");
      kbd.textContent = pair[0];
      dt.appendChild(kbd);
      dd.textContent = pair[1];
      table.appendChild(dt);
      table.appendChild(dd);
    });
    var close = document.createElement("button");
    close.type = "button";
    close.className = "secondary";
    close.textContent = "Close (Esc)";
    close.addEventListener("click", function () { dialog.close(); });
    article.appendChild(title);
    article.appendChild(table);
    article.appendChild(close);
    dialog.appendChild(article);
    dialog.addEventListener("click", function (event) { if (event.target === dialog) dialog.close(); });
    // Closed, the dialog's button must not keep the focus until the browser's next frame
    // moves it away: an Enter pressed in between would fall on the button, not the list.
    dialog.addEventListener("close", function () {
      if (dialog.contains(document.activeElement)) document.activeElement.blur();
    });
    document.body.appendChild(dialog);
    return dialog;
  }

  function toggleHelp() {
    var dialog = help();
    if (dialog.open) dialog.close(); else dialog.showModal();
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    var open = document.getElementById("list-keys");
    if (open && open.open && event.key !== "?") return;  // the dialog keeps its own keys
    if (event.key === "?") { toggleHelp(); event.preventDefault(); return; }
    if (event.key === "/") {
      var search = document.querySelector("[data-search]");
      if (!search) return;
      event.preventDefault();
      search.focus();
      if (search.select) search.select();
      return;
    }
    var all = rows();
    var at = all.findIndex(function (row) { return row.classList.contains("current"); });
    if (event.key === "j") moveTo(all, at + 1);
    else if (event.key === "k") moveTo(all, at < 0 ? 0 : at - 1);
    else if (event.key === "Enter" && at >= 0 && !event.target.closest("a, button, summary")) {
      var href = target(all[at]);
      if (!href) return;
      window.location.href = href;
    } else return;
    event.preventDefault();
  });
})();
