// Draws the report charts with Chart.js from the page's own JSON endpoint (data-source).
// The numbers are also in a table under each chart; this only adds the picture.
(function () {
  "use strict";
  const PALETTE = ["#1f6feb", "#d1242f", "#1a7f37", "#bf8700", "#8250df", "#57606a"];
  const SCORE_COLOURS = ["#d1242f", "#e16f24", "#bf8700", "#4ac26b", "#1a7f37"];

  function colour(chart, index) {
    return chart.kind === "stacked" ? SCORE_COLOURS[index % 5] : PALETTE[index % PALETTE.length];
  }

  function datasets(chart) {
    return chart.series.filter((s) => s.plot).map((s, i) => ({
      label: s.label,
      data: s.values,
      unit: s.unit,
      type: s.kind || undefined,
      borderColor: colour(chart, i),
      backgroundColor: colour(chart, i) + (chart.kind === "line" ? "33" : "cc"),
      spanGaps: true,
      tension: 0.2,
      pointRadius: 3,
    }));
  }

  function options(chart) {
    const stacked = chart.kind === "stacked";
    return {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: "index", intersect: false },
      scales: {
        x: { stacked: stacked },
        y: {
          stacked: stacked,
          beginAtZero: true,
          // Rates read against the whole scale: 50 % should look like half, not like the top.
          suggestedMax: chart.series.some((s) => s.plot && s.unit === "%") ? 100 : undefined,
          title: { display: Boolean(chart.axis), text: chart.axis },
        },
      },
      plugins: {
        legend: { position: "bottom", labels: { boxWidth: 12 } },
        tooltip: {
          callbacks: {
            label: (item) => {
              const unit = item.dataset.unit ? " " + item.dataset.unit : "";
              return item.dataset.label + ": " + (item.raw === null ? "—" : item.raw + unit);
            },
          },
        },
      },
    };
  }

  function draw(chart) {
    const canvas = document.querySelector("canvas[data-chart='" + chart.id + "']");
    if (!canvas) return;
    const existing = window.Chart.getChart(canvas);
    if (existing) existing.destroy();
    new window.Chart(canvas, {
      type: chart.kind === "line" ? "line" : "bar",
      data: { labels: chart.labels, datasets: datasets(chart) },
      options: options(chart),
    });
  }

  function load() {
    const box = document.getElementById("charts");
    if (!box || !window.Chart) return;
    fetch(box.dataset.source, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
      .then((body) => {
        body.charts.forEach(draw);
        box.dataset.rendered = "true";
      })
      .catch((status) => {
        box.dataset.rendered = "failed";
        const note = document.createElement("p");
        note.className = "muted small";
        note.textContent = "The charts could not be drawn (" + status + "); the tables show the numbers.";
        box.before(note);
      });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", load);
  else load();
})();
