"use strict";
// Charts: any point's history (the store picks raw / 1 min / 15 min / 1 h / 1 d and thins with LTTB) and the meters'
// daily import/export energy; CSV export of what is shown.
(() => {
  const { api, el, state } = Console;
  const $ = id => document.getElementById(id);
  let shown = null, energy = null;

  function choices() {
    const sel = $("chart-point"), cur = sel.value;
    sel.replaceChildren(...state.defs.map(d => el("option", { value: d.id, textContent: d.id + " (" + d.role + ")" })));
    if (cur) sel.value = cur;
  }
  $("chart-draw").onclick = async () => {
    const span = Number($("chart-span").value) * 1000, to = Date.now();
    const q = new URLSearchParams({ point: $("chart-point").value, from: new Date(to - span).toISOString(), to: new Date(to).toISOString(), points: "2000" });
    const t0 = performance.now();
    try {
      const h = await api("GET", "/history?" + q);
      shown = h;
      const n = drawChart($("chart"), [{ label: h.point, color: "#0f766e", t: h.t, v: h.v, min: h.min, max: h.max }], h.unit);
      $("chart-info").textContent = h.point + ": " + n + " points from " + h.sourceBuckets + " " + h.resolution + " buckets (" + h.kind + ") in " + Math.round(performance.now() - t0) + " ms";
    } catch (e) { $("chart-info").textContent = Console.errorText(e); }
  };
  $("chart-csv").onclick = () => {
    if (!shown) return;
    Console.csv(shown.point.replace("/", "_") + ".csv", ["time", "value", "min", "max"],
      shown.t.map((t, i) => [new Date(t).toISOString(), shown.v[i], shown.min[i], shown.max[i]]));
  };

  async function bars() {
    try {
      energy = await api("GET", "/energy?" + new URLSearchParams({ days: $("energy-days").value }));
      const colors = { import: ["#b45309", "#d97706"], export: ["#0f766e", "#14b8a6"] };
      const used = { import: 0, export: 0 };
      const series = energy.meters.map(m => ({ label: m.point, color: colors[m.direction][used[m.direction]++ % 2], values: m.kwh, sign: m.direction === "import" ? 1 : -1 }));
      const n = drawBars($("energy-chart"), energy.days, series, "kWh");
      $("energy-info").textContent = energy.meters.length
        ? energy.meters.map(m => m.point + " (" + m.direction + ")").join(", ") + ": " + n + " daily bars (UTC days; imports up, exports down)"
          + (energy.meters.some(m => m.rejectedJumps) ? "; implausible jumps left out: " + energy.meters.map(m => m.rejectedJumps).reduce((a, b) => a + b, 0) : "")
        : "No energy meters (Import_Energy_Sensor / Export_Energy_Sensor points).";
    } catch (e) { $("energy-info").textContent = Console.errorText(e); }
  }
  $("energy-draw").onclick = bars;
  $("energy-csv").onclick = () => {
    if (!energy) return;
    Console.csv("daily-energy.csv", ["day"].concat(energy.meters.map(m => m.point + " " + m.direction + " kWh")),
      energy.days.map((d, i) => [new Date(d).toISOString().slice(0, 10)].concat(energy.meters.map(m => m.kwh[i]))));
  };

  Console.pages.charts = { async render() { choices(); await bars(); } };
})();
