"use strict";
// Overview: live gauges, and the market block (link, outbox, carbon avoided, latest trades) when a market exists.
(() => {
  const { api, el, fmt, state } = Console;
  const $ = id => document.getElementById(id);
  let gauges = [];

  function update() {
    for (const ref of gauges) {
      const v = state.points.get(ref.id);
      ref.el.textContent = v ? fmt(v.v, ref.unit) : "–";
      ref.el.className = "value" + (v ? " q-" + v.q : "");
      ref.el.dataset.t = v ? String(v.t) : "";
      if (v) ref.bar.style.width = Math.max(0, Math.min(100, (v.v - ref.lo) / (ref.hi - ref.lo) * 100)) + "%";
    }
  }

  function market(m) {
    const box = $("market");
    if (!m.present) { box.replaceChildren(el("p", { className: "muted", textContent: "No market link installed: the gateway runs on local objectives." })); return; }
    const stat = (label, id, text) => el("div", { className: "gauge" }, el("div", { className: "label", textContent: label }), el("div", { className: "value", id, textContent: text }));
    const c = m.carbon || {};
    const grid = el("div", { className: "grid" },
      stat("Market link", "market-link", m.link + (m.downSince ? " since " + new Date(m.downSince).toLocaleString() : "")),
      stat("Outbox", "market-outbox", m.outboxDepth === undefined ? "–" : m.outboxDepth + " waiting"),
      stat("CO₂ avoided today", "carbon-today", c.todayKg === undefined || c.todayKg === null ? "–" : c.todayKg.toFixed(2) + " kg"),
      stat("CO₂ avoided in total", "carbon-total", c.totalKg === undefined ? "–" : c.totalKg.toFixed(2) + " kg"));
    grid.querySelector("#market-link").classList.add("link-" + m.link);
    const trades = el("table", { id: "overview-trades" }, el("thead", {}, el("tr", {}, ...["Trade", "Interval", "kW", "Price / kWh", "Reported"].map(h => el("th", { textContent: h })))), el("tbody"));
    box.replaceChildren(grid, el("h3", { textContent: "Trade log" }), trades);
    Console.rows("overview-trades", (m.trades || []).map(t => [t.id, new Date(t.start).toLocaleString() + " – " + new Date(t.end).toLocaleTimeString(), fmt(t.kw), t.pricePerKwh.toFixed(3), t.reported ? "yes" : "no"]));
  }

  Console.pages.overview = {
    async render() {
      const o = await api("GET", "/overview");
      gauges = [];
      const add = (label, ref, lo, hi) => { if (ref) gauges.push({ label, id: ref.id, unit: ref.unit, lo, hi }); };
      for (const z of o.zones) { add(z.device + " temperature", z.temperature, 15, 35); add(z.device + " humidity", z.humidity, 0, 100); }
      o.load.forEach(r => add("Building load", r, 0, 200));
      o.pv.forEach(r => add("PV", r, 0, 100));
      o.grid.forEach(r => add("Grid", r, -100, 200));
      o.batterySoc.forEach(r => add("Battery SOC", r, 0, 100));
      o.batteryPower.forEach(r => add("Battery power", r, -100, 100));
      o.gridStress.forEach(r => add("Grid stress", r, 0, 3));
      const g = $("gauges"); g.replaceChildren();
      for (const ref of gauges) {
        const bar = el("div"); ref.bar = bar;
        const value = el("div", { className: "value" }); ref.el = value;
        g.append(el("div", { className: "gauge", id: "gauge-" + ref.id.replace(/[^a-z0-9]/gi, "_") },
          el("div", { className: "label", textContent: ref.label + " · " + ref.id }), value, el("div", { className: "bar" }, bar)));
      }
      market(o.market);
      update();
    },
    onPoints: update,
  };
})();
