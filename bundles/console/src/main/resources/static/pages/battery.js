"use strict";
// Battery: measured and planned SOC and power, the dispatcher's mode, marginal value, cycle budget used today, and
// the price forecast (the market's signal when there is one).
(() => {
  const { api, el, fmt } = Console;
  const $ = id => document.getElementById(id);

  async function render() {
    const b = await api("GET", "/battery");
    const box = $("battery"); box.replaceChildren();
    const card = (label, text, id) => box.append(el("div", { className: "gauge" }, el("div", { className: "label", textContent: label }),
      el("div", { className: "value", textContent: text, id: id || "" })));
    b.soc.forEach(r => card("SOC · " + r.id, r.value ? fmt(r.value.v, r.unit) : "–"));
    b.power.forEach(r => card("Power · " + r.id, r.value ? fmt(r.value.v, r.unit) : "–"));
    b.setpoint.forEach(r => card("Setpoint · " + r.id, r.value ? fmt(r.value.v, r.unit) : "–"));
    card("Mode", b.mode || "–", "battery-mode");
    card("Marginal value", b.marginalValue === undefined ? "–" : b.marginalValue.toFixed(3) + " /kWh", "battery-marginal");
    card("Cycle budget used today", b.cycleBudgetUsedPercent === undefined ? "–" : fmt(b.cycleBudgetUsedPercent, "%"), "battery-cycles");
    card("Import price now", b.importPrice === undefined ? "–" : b.importPrice.toFixed(3) + " /kWh", "battery-price");

    const f = b.priceForecast || [];
    $("battery-forecast-info").textContent = f.length ? "Price forecast from the market's last signal: " + f.length + " intervals"
      : "No price forecast: no market signal (the planner uses the tariff, import price above).";
    drawChart($("battery-forecast"), f.length ? [{ label: "price", color: "#b45309", t: f.map(x => x.start), v: f.map(x => x.pricePerKwh) }] : [], "/kWh");

    const to = Date.now(), from = new Date(to - 86400000).toISOString();
    const series = [], colors = ["#0f766e", "#b45309", "#1d4ed8", "#9333ea"];
    const ids = b.soc.map(r => r.id).concat(b.plan.filter(r => r.id.includes("soc")).map(r => r.id));
    for (const id of ids) {
      try {
        const h = await api("GET", "/history?" + new URLSearchParams({ point: id, from, to: new Date(to).toISOString(), points: "500" }));
        series.push({ label: id, color: colors[series.length % colors.length], t: h.t, v: h.v });
      } catch (e) { /* no store: no history */ }
    }
    drawChart($("battery-chart"), series, "%");
  }

  Console.pages.battery = { render };
})();
