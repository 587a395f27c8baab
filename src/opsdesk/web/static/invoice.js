// The invoice page's print button (an inline onclick would need the CSP to allow inline script).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
