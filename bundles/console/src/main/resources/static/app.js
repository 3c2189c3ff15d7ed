"use strict";
// COOL Edge console: plain JavaScript, everything served by the gateway itself.
const $ = id => document.getElementById(id);
const state = { session: null, points: new Map(), defs: [], overrides: new Map(), stream: null, eventsPage: 0 };

async function api(method, path, body) {
  const headers = {};
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && state.session && state.session.csrf) headers["X-CSRF-Token"] = state.session.csrf;
  const r = await fetch("/api" + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: "same-origin" });
  const data = await r.json().catch(() => ({}));
  if (!r.ok) {
    const err = new Error(data.error || ("HTTP " + r.status));
    err.status = r.status; err.fields = data.fields || {};
    throw err;
  }
  return data;
}
const errorText = e => e.message + (Object.keys(e.fields || {}).length ? ": " + Object.entries(e.fields).map(([k, v]) => k + " " + v).join("; ") : "");
const fmt = (v, unit) => v === undefined || v === null ? "–" : (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(1)) + (unit ? " " + unit : "");
const time = ms => ms ? new Date(ms).toLocaleTimeString() : "–";
const el = (tag, attrs, ...kids) => { const e = document.createElement(tag); Object.assign(e, attrs || {}); kids.forEach(k => e.append(k)); return e; };

function show(page) {
  document.querySelectorAll(".page").forEach(p => p.hidden = p.id !== "page-" + page);
  document.querySelectorAll("#nav a").forEach(a => a.classList.toggle("active", a.getAttribute("href") === "#" + page));
  document.body.dataset.page = page;
}

async function start() {
  const hash = location.hash;
  state.session = await api("GET", "/session");
  if (hash.startsWith("#setup=")) {
    if (state.session.setupRequired) { show("setup"); return; }
    history.replaceState(null, "", "/");
  }
  if (!state.session.authenticated) { show("login"); return; }
  signedIn();
}

function signedIn() {
  $("nav").hidden = false; $("logout").hidden = false;
  $("who").textContent = state.session.user + " (" + state.session.role + ")";
  $("nav-users").hidden = state.session.role !== "admin";
  document.body.dataset.role = state.session.role;
  connect();
  route();
}

async function route() {
  const page = (location.hash || "#overview").slice(1).split("=")[0] || "overview";
  const known = ["overview", "points", "charts", "battery", "events", "users"];
  const p = known.includes(page) ? page : "overview";
  show(p);
  await loadPoints();
  if (p === "overview") await renderOverview();
  if (p === "points") renderPoints();
  if (p === "charts") chartChoices();
  if (p === "battery") await renderBattery();
  if (p === "events") await renderEvents();
  if (p === "users") await renderUsers();
}
window.addEventListener("hashchange", () => { if (state.session && state.session.authenticated) route(); });

async function loadPoints() {
  state.defs = await api("GET", "/points");
  for (const d of state.defs) if (d.value) state.points.set(d.id, d.value);
  state.overrides = new Map(state.defs.filter(d => d.override).map(d => [d.id, d.override]));
}

function connect() {
  if (state.stream) return;
  const es = new EventSource("/stream");
  state.stream = es;
  es.onopen = () => { $("live-state").textContent = "live"; };
  es.onerror = () => { $("live-state").textContent = "reconnecting…"; };
  es.addEventListener("points", e => {
    for (const v of JSON.parse(e.data)) state.points.set(v.id, v);
    document.body.dataset.updates = String(Number(document.body.dataset.updates || 0) + 1);
    if (document.body.dataset.page === "overview") updateGauges();
    if (document.body.dataset.page === "points") updatePointValues();
  });
  es.addEventListener("commands", e => {
    for (const c of JSON.parse(e.data)) { const d = state.defs.find(x => x.id === c.point); if (d) d.command = c; }
    if (document.body.dataset.page === "points") renderPoints();
  });
  es.addEventListener("overrides", e => {
    state.overrides = new Map(JSON.parse(e.data).map(o => [o.point, o]));
    if (document.body.dataset.page === "points") renderPoints();
  });
  es.addEventListener("audit", () => { if (document.body.dataset.page === "events") renderEvents(); });
}

// Overview -------------------------------------------------------------------------------------------------------
let gaugeRefs = [];
async function renderOverview() {
  const o = await api("GET", "/overview");
  gaugeRefs = [];
  const add = (label, ref, lo, hi) => { if (ref) gaugeRefs.push({ label, id: ref.id, unit: ref.unit, lo, hi }); };
  for (const z of o.zones) { add(z.device + " temperature", z.temperature, 15, 35); add(z.device + " humidity", z.humidity, 0, 100); }
  o.load.forEach(r => add("Building load", r, 0, 200));
  o.pv.forEach(r => add("PV", r, 0, 100));
  o.grid.forEach(r => add("Grid", r, -100, 200));
  o.batterySoc.forEach(r => add("Battery SOC", r, 0, 100));
  o.batteryPower.forEach(r => add("Battery power", r, -100, 100));
  o.gridStress.forEach(r => add("Grid stress", r, 0, 3));
  const g = $("gauges"); g.replaceChildren();
  for (const ref of gaugeRefs) {
    const bar = el("div"); ref.bar = bar;
    const value = el("div", { className: "value" }); ref.el = value;
    g.append(el("div", { className: "gauge", id: "gauge-" + ref.id.replace(/[^a-z0-9]/gi, "_") },
      el("div", { className: "label", textContent: ref.label + " · " + ref.id }), value, el("div", { className: "bar" }, bar)));
  }
  $("market").textContent = o.market.present ? "" : "No market link installed: the gateway runs on local objectives.";
  updateGauges();
}
function updateGauges() {
  for (const ref of gaugeRefs) {
    const v = state.points.get(ref.id);
    ref.el.textContent = v ? fmt(v.v, ref.unit) : "–";
    ref.el.className = "value" + (v ? " q-" + v.q : "");
    ref.el.dataset.t = v ? String(v.t) : "";
    if (v) ref.bar.style.width = Math.max(0, Math.min(100, (v.v - ref.lo) / (ref.hi - ref.lo) * 100)) + "%";
  }
}

// Points ---------------------------------------------------------------------------------------------------------
function renderPoints() {
  const dev = $("filter-device"), role = $("filter-role");
  const fill = (sel, values) => { const cur = sel.value; sel.replaceChildren(el("option", { value: "", textContent: "all" }), ...[...new Set(values)].sort().map(v => el("option", { value: v, textContent: v }))); sel.value = cur; };
  fill(dev, state.defs.map(d => d.device)); fill(role, state.defs.map(d => d.role));
  const text = $("filter-text").value.toLowerCase();
  const body = $("points-table").tBodies[0]; body.replaceChildren();
  const canWrite = state.session.role === "installer" || state.session.role === "admin";
  for (const d of state.defs) {
    if ((dev.value && d.device !== dev.value) || (role.value && d.role !== role.value) || (text && !d.id.toLowerCase().includes(text))) continue;
    const v = state.points.get(d.id), o = state.overrides.get(d.id);
    const cmd = d.command ? d.command.state + (d.command.value !== null ? " " + fmt(d.command.value) : "") + " (" + d.command.origin + ")" : "";
    const actions = el("td");
    if (d.writable && canWrite) {
      if (o) actions.append(el("button", { textContent: "Clear override", className: "clear-override", onclick: () => clearOverride(d.id) }));
      else actions.append(el("button", { textContent: "Override", className: "override", onclick: () => openOverride(d) }));
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
function updatePointValues() {
  for (const tr of $("points-table").tBodies[0].rows) {
    const v = state.points.get(tr.dataset.point);
    if (v) { tr.querySelector(".value").textContent = fmt(v.v); tr.querySelector(".updated").textContent = time(v.t); }
  }
}
["filter-device", "filter-role", "filter-text"].forEach(id => $(id).addEventListener("input", renderPoints));
let overrideTarget = null;
function openOverride(d) {
  overrideTarget = d;
  $("override-point").textContent = d.id + (d.min !== null ? " (" + d.min + ".." + d.max + " " + d.unit + ")" : "");
  $("override-value").value = state.points.get(d.id) ? state.points.get(d.id).v : "";
  $("override-confirm").checked = false; $("override-error").textContent = "";
  $("override-panel").hidden = false;
}
$("override-cancel").onclick = () => { $("override-panel").hidden = true; };
$("override-submit").onclick = async () => {
  try {
    await api("POST", "/overrides", { point: overrideTarget.id, value: Number($("override-value").value), minutes: Number($("override-minutes").value), confirm: $("override-confirm").checked });
    $("override-panel").hidden = true;
    await loadPoints(); renderPoints();
  } catch (e) { $("override-error").textContent = errorText(e); }
};
async function clearOverride(id) {
  try { await api("DELETE", "/overrides/" + id); await loadPoints(); renderPoints(); } catch (e) { alert(errorText(e)); }
}

// Charts ---------------------------------------------------------------------------------------------------------
let lastChart = null;
function chartChoices() {
  const sel = $("chart-point"), cur = sel.value;
  sel.replaceChildren(...state.defs.map(d => el("option", { value: d.id, textContent: d.id + " (" + d.role + ")" })));
  if (cur) sel.value = cur;
  const wanted = new URLSearchParams(location.search).get("point");
  if (wanted) sel.value = wanted;
}
$("chart-draw").onclick = async () => {
  const span = Number($("chart-span").value) * 1000, to = Date.now();
  const q = new URLSearchParams({ point: $("chart-point").value, from: new Date(to - span).toISOString(), to: new Date(to).toISOString(), points: "2000" });
  const t0 = performance.now();
  try {
    const h = await api("GET", "/history?" + q);
    lastChart = h;
    const n = drawChart($("chart"), [{ label: h.point, color: "#0f766e", t: h.t, v: h.v, min: h.min, max: h.max }], h.unit);
    $("chart-info").textContent = h.point + ": " + n + " points from " + h.sourceBuckets + " " + h.resolution + " buckets (" + h.kind + ") in " + Math.round(performance.now() - t0) + " ms";
  } catch (e) { $("chart-info").textContent = errorText(e); }
};
$("chart-csv").onclick = () => {
  if (!lastChart) return;
  const rows = ["time,value,min,max"].concat(lastChart.t.map((t, i) => new Date(t).toISOString() + "," + lastChart.v[i] + "," + lastChart.min[i] + "," + lastChart.max[i]));
  const a = el("a", { href: URL.createObjectURL(new Blob([rows.join("\n")], { type: "text/csv" })), download: lastChart.point.replace("/", "_") + ".csv" });
  a.click();
};

// Battery --------------------------------------------------------------------------------------------------------
async function renderBattery() {
  const b = await api("GET", "/battery");
  const box = $("battery"); box.replaceChildren();
  const card = (label, ref) => box.append(el("div", { className: "gauge" }, el("div", { className: "label", textContent: label + " · " + ref.id }),
    el("div", { className: "value", textContent: ref.value ? fmt(ref.value.v, ref.unit) : "–" })));
  b.soc.forEach(r => card("SOC", r)); b.power.forEach(r => card("Power", r)); b.setpoint.forEach(r => card("Setpoint", r));
  b.plan.forEach(r => card(r.id.endsWith("marginal-value") ? "Marginal value" : "Plan", r));
  const to = Date.now(), from = new Date(to - 86400000).toISOString();
  const series = [];
  const colors = ["#0f766e", "#b45309", "#1d4ed8", "#9333ea"];
  const ids = b.soc.map(r => r.id).concat(b.plan.filter(r => r.id.includes("soc")).map(r => r.id));
  for (const id of ids) {
    try {
      const h = await api("GET", "/history?" + new URLSearchParams({ point: id, from, to: new Date(to).toISOString(), points: "500" }));
      series.push({ label: id, color: colors[series.length % colors.length], t: h.t, v: h.v });
    } catch (e) { /* no store: no history */ }
  }
  drawChart($("battery-chart"), series, "%");
}

// Events ---------------------------------------------------------------------------------------------------------
async function renderEvents() {
  const q = new URLSearchParams({ page: String(state.eventsPage), size: "50" });
  if ($("events-category").value) q.set("category", $("events-category").value);
  if ($("events-text").value) q.set("q", $("events-text").value);
  const body = $("events-table").tBodies[0];
  try {
    const r = await api("GET", "/events?" + q);
    body.replaceChildren(...r.events.map(e => el("tr", {}, el("td", { textContent: new Date(e.at).toLocaleString() }),
      el("td", { textContent: e.category }), el("td", { textContent: e.subject }), el("td", { textContent: e.message }))));
    $("events-page").textContent = "page " + (r.page + 1) + " of " + Math.max(1, Math.ceil(r.total / 50)) + " (" + r.total + " events)";
  } catch (e) { body.replaceChildren(el("tr", {}, el("td", { colSpan: 4, textContent: errorText(e) }))); }
}
$("events-search").onclick = () => { state.eventsPage = 0; renderEvents(); };
$("events-next").onclick = () => { state.eventsPage++; renderEvents(); };
$("events-prev").onclick = () => { state.eventsPage = Math.max(0, state.eventsPage - 1); renderEvents(); };

// Users ----------------------------------------------------------------------------------------------------------
async function renderUsers() {
  const users = await api("GET", "/users");
  $("users-table").tBodies[0].replaceChildren(...users.map(u => el("tr", {}, el("td", { textContent: u.username }), el("td", { textContent: u.role }),
    el("td", { textContent: new Date(u.created).toLocaleString() + " by " + u.createdBy }),
    el("td", {}, el("button", { textContent: "Delete", onclick: async () => { try { await api("DELETE", "/users/" + u.username); renderUsers(); } catch (e) { $("user-error").textContent = errorText(e); } } })))));
}
$("user-form").onsubmit = async ev => {
  ev.preventDefault();
  try {
    await api("POST", "/users", { username: $("user-username").value, password: $("user-password").value, role: $("user-role").value });
    $("user-error").textContent = ""; $("user-form").reset(); renderUsers();
  } catch (e) { $("user-error").textContent = errorText(e); }
};

// Sign-in ----------------------------------------------------------------------------------------------------------
$("setup-form").onsubmit = async ev => {
  ev.preventDefault();
  try {
    const token = location.hash.slice("#setup=".length);
    state.session = Object.assign({ authenticated: true }, await api("POST", "/setup", { token, username: $("setup-username").value, password: $("setup-password").value }));
    history.replaceState(null, "", "/#overview");
    signedIn();
  } catch (e) { $("setup-error").textContent = errorText(e); }
};
$("login-form").onsubmit = async ev => {
  ev.preventDefault();
  try {
    state.session = Object.assign({ authenticated: true }, await api("POST", "/login", { username: $("login-username").value, password: $("login-password").value }));
    if (!location.hash || location.hash === "#login") history.replaceState(null, "", "/#overview");
    signedIn();
  } catch (e) { $("login-error").textContent = errorText(e); }
};
$("logout").onclick = async () => {
  try { await api("POST", "/logout"); } finally { location.href = "/"; }
};

start();
