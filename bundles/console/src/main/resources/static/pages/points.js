"use strict";
// Points: every point with its value, quality, command state and override; installers set and clear overrides.
(() => {
  const { api, el, fmt, time, state } = Console;
  const $ = id => document.getElementById(id);
  let target = null;

  function render() {
    const dev = $("filter-device"), role = $("filter-role");
    const fill = (sel, values) => { const cur = sel.value; sel.replaceChildren(el("option", { value: "", textContent: "all" }), ...[...new Set(values)].sort().map(v => el("option", { value: v, textContent: v }))); sel.value = cur; };
    fill(dev, state.defs.map(d => d.device)); fill(role, state.defs.map(d => d.role));
    const text = $("filter-text").value.toLowerCase();
    const body = $("points-table").tBodies[0]; body.replaceChildren();
    for (const d of state.defs) {
      if ((dev.value && d.device !== dev.value) || (role.value && d.role !== role.value) || (text && !d.id.toLowerCase().includes(text))) continue;
      const v = state.points.get(d.id), o = state.overrides.get(d.id);
      const cmd = d.command ? d.command.state + (d.command.value !== null ? " " + fmt(d.command.value) : "") + " (" + d.command.origin + ")" : "";
      const actions = el("td");
      if (d.writable && Console.canWrite()) {
        if (o) actions.append(el("button", { textContent: "Clear override", className: "clear-override", onclick: () => clear(d.id) }));
        else actions.append(el("button", { textContent: "Override", className: "override", onclick: () => open(d) }));
      }
      const tr = el("tr", { className: o ? "override" : "" },
        el("td", { textContent: d.id }), el("td", { textContent: d.device }), el("td", { textContent: d.role }),
        el("td", { className: "num value", textContent: v ? fmt(v.v) : "–" }), el("td", { textContent: d.unit }),
        el("td", { className: v ? "q-" + v.q : "", textContent: v ? v.q : "" }), el("td", { className: "updated", textContent: v ? time(v.t) : "" }),
        el("td", { className: "command", textContent: (o ? "OVERRIDE " + fmt(o.value) + " until " + time(o.until) + " by " + o.by + "; " : "") + cmd }), actions);
      tr.dataset.point = d.id;
      body.append(tr);
    }
  }
  function values() {
    for (const tr of $("points-table").tBodies[0].rows) {
      const v = state.points.get(tr.dataset.point);
      if (v) { tr.querySelector(".value").textContent = fmt(v.v); tr.querySelector(".updated").textContent = time(v.t); }
    }
  }
  function open(d) {
    target = d;
    $("override-point").textContent = d.id + (d.min !== null ? " (" + d.min + ".." + d.max + " " + d.unit + ")" : "");
    $("override-value").value = state.points.get(d.id) ? state.points.get(d.id).v : "";
    $("override-confirm").checked = false; $("override-error").textContent = "";
    $("override-panel").hidden = false;
  }
  async function clear(id) {
    try { await api("DELETE", "/overrides/" + id); await Console.loadPoints(); render(); } catch (e) { alert(Console.errorText(e)); }
  }
  ["filter-device", "filter-role", "filter-text"].forEach(id => $(id).addEventListener("input", render));
  $("override-cancel").onclick = () => { $("override-panel").hidden = true; };
  $("override-submit").onclick = async () => {
    try {
      await api("POST", "/overrides", { point: target.id, value: Number($("override-value").value), minutes: Number($("override-minutes").value), confirm: $("override-confirm").checked });
      $("override-panel").hidden = true;
      await Console.loadPoints(); render();
    } catch (e) { $("override-error").textContent = Console.errorText(e); }
  };

  Console.pages.points = { render, onPoints: values, onCommands: render, onOverrides: render };
})();
