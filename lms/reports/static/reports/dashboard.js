// HR dashboard charts (Chart.js served from the project). Data comes from the json_script block.
(function () {
  "use strict";
  var node = document.getElementById("hr-chart-data");
  if (!node || typeof Chart === "undefined") { return; }
  var data = JSON.parse(node.textContent);
  // Draw once the Thai font is loaded, or the canvas would show empty boxes.
  var ready = document.fonts && document.fonts.load ? Promise.all([
    document.fonts.load("12px Sarabun", "ก"), document.fonts.ready]) : Promise.resolve();
  ready.then(draw, draw);
  function draw() {
  Chart.defaults.font.family = "Sarabun, system-ui, sans-serif";
  function bar(id, label, values, color, max) {
    var el = document.getElementById(id);
    if (!el) { return; }
    new Chart(el, {
      type: "bar",
      data: { labels: data.agencies, datasets: [{ label: label, data: values, backgroundColor: color }] },
      options: { indexAxis: "y", animation: false, scales: { x: { beginAtZero: true, max: max } }, plugins: { legend: { display: false } } }
    });
  }
  bar("chart-percent", data.labels.percent, data.percent, "#007d7e", 100);
  bar("chart-overdue", data.labels.overdue, data.overdue, "#cd4444", undefined);
  var time = document.getElementById("chart-time");
  if (time) {
    new Chart(time, {
      type: "line",
      data: { labels: data.months, datasets: [{ label: data.labels.completions, data: data.completions, borderColor: "#2e1f5e", tension: 0.2, fill: false }] },
      options: { animation: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }, plugins: { legend: { display: false } } }
    });
  }
  window.hrChartsReady = true;
  }
})();
