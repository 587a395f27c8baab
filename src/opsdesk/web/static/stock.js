// The Stock screen: "/" jumps to the SKU search from anywhere on the page (not while typing).
(() => {
  document.addEventListener("keydown", (event) => {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest("input, textarea, select, [contenteditable]")) return;
    const search = document.getElementById("stock-search");
    if (!search) return;
    event.preventDefault();
    search.focus();
    search.select();
  });
})();
