// Draws each forecast chart (history, forecast, interval band, stockout periods in red)
// from the JSON island beside its canvas. The forecast numbers are also in a table.
(function () {
  "use strict";

  function draw(card) {
    const canvas = card.querySelector("canvas[data-forecast-chart]");
    const island = card.querySelector("script[data-forecast-data]");
    if (!canvas || !island || typeof Chart === "undefined") return;
    const data = JSON.parse(island.textContent);
    const box = canvas.parentElement;
    box.style.position = "relative";
    box.style.height = box.classList.contains("compact") ? "200px" : "300px";
    const stockouts = new Set(data.stockouts);
    const marked = data.labels.map((label, i) => stockouts.has(label) ? data.history[i] : null);
    new Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: [
          { label: "Ordered", data: data.history, borderColor: "#1f6feb", backgroundColor: "#1f6feb33",
            pointRadius: 0, tension: 0.2 },
          { label: "Stockout", data: marked, borderColor: "#d1242f", backgroundColor: "#d1242f",
            showLine: false, pointRadius: 4 },
          { label: "Forecast", data: data.mean, borderColor: "#1a7f37", borderDash: [6, 4],
            pointRadius: 0, tension: 0.2 },
          { label: "Interval", data: data.upper, borderColor: "transparent",
            backgroundColor: "#1a7f3733", pointRadius: 0, fill: "+1" },
          { label: "Interval low", data: data.lower, borderColor: "transparent", pointRadius: 0, fill: false },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        spanGaps: false,
        interaction: { mode: "index", intersect: false },
        scales: { y: { beginAtZero: true, title: { display: true, text: "units" } } },
        plugins: {
          legend: { position: "bottom", labels: { boxWidth: 12, filter: (item) => !item.text.startsWith("Interval low") } },
        },
      },
    });
    card.dataset.drawn = "true";
  }

  function init() {
    document.querySelectorAll(".forecast-chart").forEach(draw);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
