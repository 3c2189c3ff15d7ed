"use strict";
// Market: link, open bids, results, trades, clearing prices, delivery reports and the bid success rate (7 days).
(() => {
  const { api, fmt } = Console;
  const $ = id => document.getElementById(id);
  const when = ms => new Date(ms).toLocaleString();

  async function render() {
    const m = await api("GET", "/market");
    $("market-state").textContent = !m.present ? "No market link installed: the gateway runs on local objectives."
      : "Link: " + m.link + (m.outboxDepth !== undefined ? " · outbox " + m.outboxDepth + " waiting" : "");
    if (!m.bids) { ["bids-table", "trades-table", "clearings-table", "deliveries-table"].forEach(t => Console.rows(t, [])); return; }
    const s = m.success;
    $("market-success").textContent = s.rate === null ? "Bid success rate: no decided bids yet"
      : "Bid success rate: " + (100 * s.rate).toFixed(0) + " % (" + s.won + " of " + s.decided + " decided bids won a trade)";
    const now = Date.now();
    Console.rows("bids-table", m.bids.map(b => [when(b.interval), b.provider, b.side, fmt(b.kw), b.status + (b.interval > now ? " (open)" : "")]));
    Console.rows("trades-table", m.trades.map(t => [t.id, when(t.start), fmt(t.kw), t.pricePerKwh.toFixed(3), t.reported ? "yes" : "no"]));
    Console.rows("clearings-table", m.clearings.map(c => [when(c.start), c.pricePerKwh.toFixed(3), fmt(c.volumeKw)]));
    Console.rows("deliveries-table", m.deliveries.map(d => [when(d.start), fmt(d.committedKw), fmt(d.deliveredKw), fmt(d.baselineKw), d.carbonAvoidedKg.toFixed(2)]));
    const c = [...m.clearings].reverse();
    drawChart($("clearing-chart"), c.length ? [{ label: "clearing price", color: "#1d4ed8", t: c.map(x => x.start), v: c.map(x => x.pricePerKwh) }] : [], "/kWh");
  }

  Console.pages.market = { render, onAudit: undefined };
})();
