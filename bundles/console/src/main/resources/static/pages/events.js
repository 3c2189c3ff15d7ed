"use strict";
// Events: the audit log, newest first, filtered by category and text, paged.
(() => {
  const { api, el } = Console;
  const $ = id => document.getElementById(id);
  let page = 0;

  async function render() {
    const q = new URLSearchParams({ page: String(page), size: "50" });
    if ($("events-category").value) q.set("category", $("events-category").value);
    if ($("events-text").value) q.set("q", $("events-text").value);
    const body = $("events-table").tBodies[0];
    try {
      const r = await api("GET", "/events?" + q);
      body.replaceChildren(...r.events.map(e => el("tr", {}, el("td", { textContent: new Date(e.at).toLocaleString() }),
        el("td", { textContent: e.category }), el("td", { textContent: e.subject }), el("td", { textContent: e.message }))));
      $("events-page").textContent = "page " + (r.page + 1) + " of " + Math.max(1, Math.ceil(r.total / 50)) + " (" + r.total + " events)";
    } catch (e) { body.replaceChildren(el("tr", {}, el("td", { colSpan: 4, textContent: Console.errorText(e) }))); }
  }
  $("events-search").onclick = () => { page = 0; render(); };
  $("events-next").onclick = () => { page++; render(); };
  $("events-prev").onclick = () => { page = Math.max(0, page - 1); render(); };

  Console.pages.events = { render, onAudit: render };
})();
