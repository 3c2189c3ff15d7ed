"use strict";
// COOL Edge console: the core (API calls, session, router, live stream). Each page is its own file under pages/ and
// registers itself in Console.pages: { title, role?, render(), onPoints?(), onCommands?(), onOverrides?(), onAudit?() }.
const $ = id => document.getElementById(id);
const Console = window.Console = { pages: {}, state: { session: null, points: new Map(), defs: [], overrides: new Map(), stream: null } };
const state = Console.state;

Console.api = async function api(method, path, body) {
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
};
const api = Console.api;
Console.errorText = e => e.message + (Object.keys(e.fields || {}).length ? ": " + Object.entries(e.fields).map(([k, v]) => k + " " + v).join("; ") : "");
Console.fmt = (v, unit) => v === undefined || v === null ? "–" : (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(1)) + (unit ? " " + unit : "");
Console.time = ms => ms ? new Date(ms).toLocaleTimeString() : "–";
Console.el = (tag, attrs, ...kids) => { const e = document.createElement(tag); Object.assign(e, attrs || {}); kids.forEach(k => e.append(k)); return e; };
/** Whether the signed-in role may open a page that names the least role it needs ({ role: "installer" }). */
Console.allowed = page => !page.role || ({ viewer: 0, installer: 1, admin: 2 })[state.session.role] >= ({ viewer: 0, installer: 1, admin: 2 })[page.role];
Console.canWrite = () => state.session.role === "installer" || state.session.role === "admin";
/** A table body from rows of cell texts. */
Console.rows = (table, rows) => $(table).tBodies[0].replaceChildren(...rows.map(cells => Console.el("tr", {}, ...cells.map(c => Console.el("td", { textContent: c === null || c === undefined ? "–" : String(c) })))));
/** Downloads rows (arrays) as a CSV file. */
Console.csv = (name, header, rows) => {
  const text = [header].concat(rows).map(r => r.map(c => c === null || c === undefined ? "" : String(c)).join(",")).join("\n");
  Console.el("a", { href: URL.createObjectURL(new Blob([text], { type: "text/csv" })), download: name }).click();
};

function show(page) {
  document.querySelectorAll(".page").forEach(p => p.hidden = p.id !== "page-" + page);
  document.querySelectorAll("#nav a").forEach(a => a.classList.toggle("active", a.getAttribute("href") === "#" + page));
  document.body.dataset.page = page;
}
const current = () => Console.pages[document.body.dataset.page];

async function start() {
  const hash = location.hash;
  state.session = await api("GET", "/session");
  // A password reset link (pages/users.js handles its form): shown whether or not this browser is signed in.
  if (hash.startsWith("#reset=")) { show("reset"); return; }
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
  const p = Console.pages[page] && Console.allowed(Console.pages[page]) ? page : "overview";
  show(p);
  await Console.loadPoints();
  await Console.pages[p].render();
}
window.addEventListener("hashchange", () => { if (state.session && state.session.authenticated) route(); });

Console.loadPoints = async function () {
  state.defs = await api("GET", "/points");
  for (const d of state.defs) if (d.value) state.points.set(d.id, d.value);
  state.overrides = new Map(state.defs.filter(d => d.override).map(d => [d.id, d.override]));
};

function connect() {
  if (state.stream) return;
  const es = new EventSource("/stream");
  state.stream = es;
  const hook = (name, arg) => { const p = current(); if (p && p[name]) p[name](arg); };
  es.onopen = () => { $("live-state").textContent = "live"; };
  es.onerror = () => { $("live-state").textContent = "reconnecting…"; };
  es.addEventListener("points", e => {
    for (const v of JSON.parse(e.data)) state.points.set(v.id, v);
    document.body.dataset.updates = String(Number(document.body.dataset.updates || 0) + 1);
    hook("onPoints");
  });
  es.addEventListener("commands", e => {
    for (const c of JSON.parse(e.data)) { const d = state.defs.find(x => x.id === c.point); if (d) d.command = c; }
    hook("onCommands");
  });
  es.addEventListener("overrides", e => {
    state.overrides = new Map(JSON.parse(e.data).map(o => [o.point, o]));
    hook("onOverrides");
  });
  es.addEventListener("audit", () => hook("onAudit"));
  // The stream fell behind and skipped events: what follows is the full state; reload the page's data.
  es.addEventListener("resync", () => { if (state.session.authenticated) route(); });
}

// Sign-in ----------------------------------------------------------------------------------------------------------
$("setup-form").onsubmit = async ev => {
  ev.preventDefault();
  try {
    const token = location.hash.slice("#setup=".length);
    state.session = Object.assign({ authenticated: true }, await api("POST", "/setup", { token, username: $("setup-username").value, password: $("setup-password").value }));
    history.replaceState(null, "", "/#overview");
    signedIn();
  } catch (e) { $("setup-error").textContent = Console.errorText(e); }
};
$("login-form").onsubmit = async ev => {
  ev.preventDefault();
  try {
    state.session = Object.assign({ authenticated: true }, await api("POST", "/login", { username: $("login-username").value, password: $("login-password").value }));
    if (!location.hash || location.hash === "#login") history.replaceState(null, "", "/#overview");
    signedIn();
  } catch (e) { $("login-error").textContent = Console.errorText(e); }
};
$("logout").onclick = async () => {
  try { await api("POST", "/logout"); } finally { location.href = "/"; }
};

// Pages load after this file (deferred, in order); start once every page has registered.
window.addEventListener("DOMContentLoaded", start);
