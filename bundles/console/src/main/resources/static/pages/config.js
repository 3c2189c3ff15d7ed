"use strict";
// Configuration (installers and admins): one form per etc/ configuration, generated from the component's metatype
// (number fields with min/max, selects for options, checkboxes for booleans, password fields for secrets). The form
// gives hints; the gateway decides with the loader's own rules and a refused save shows each key's rule beside its
// field. A saved file is followed until its component runs with it ("applied"), and can be rolled back in one click.
// Factory configurations (devices) are added and deleted here too. The page builds its own section.
(() => {
  const { api, el } = Console;
  const $ = id => document.getElementById(id);
  const navEntry = () => { const a = $("nav-config"); if (a) a.hidden = !["installer", "admin"].includes(document.body.dataset.role); };
  new MutationObserver(navEntry).observe(document.body, { attributes: true, attributeFilter: ["data-role"] });
  // Its own stylesheet (the console's CSP allows no inline styles).
  document.head.append(el("link", { rel: "stylesheet", href: "/pages/config.css" }));

  const section = el("section", { id: "page-config", className: "page", hidden: true },
    el("h1", { textContent: "Configuration" }),
    el("p", { className: "muted", textContent: "Each form edits one file in etc/; the gateway checks it with the same rules as a hand edit, keeps the previous version and audits the change." }),
    el("div", { className: "cfg-cols" },
      el("div", { id: "cfg-list-wrap" },
        el("table", { id: "cfg-list" }, el("thead", {}, el("tr", {}, ...["Configuration", "State", "Versions"].map(h => el("th", { textContent: h })))), el("tbody")),
        el("h3", { textContent: "Add a device (factory configuration)" }),
        el("div", { className: "card" },
          el("label", {}, "Type ", el("select", { id: "cfg-new-type" })),
          el("label", {}, "Name ", el("input", { id: "cfg-new-name", placeholder: "e.g. chiller-2", pattern: "[A-Za-z0-9][A-Za-z0-9_-]{0,63}" })),
          el("button", { id: "cfg-new", type: "button", textContent: "New form", onclick: newFactory })),
        el("h3", { id: "cfg-unset-title", textContent: "Not configured yet" }),
        el("ul", { id: "cfg-unset" })),
      el("div", { id: "cfg-form-wrap" },
        el("h2", { id: "cfg-title", textContent: "Choose a configuration" }),
        el("p", { id: "cfg-description", className: "muted" }),
        el("p", { id: "cfg-state" }),
        el("form", { id: "cfg-form", className: "card", onsubmit: ev => { ev.preventDefault(); save(); } }),
        el("div", {},
          el("button", { id: "cfg-validate", type: "button", textContent: "Check", onclick: validate, disabled: true }), " ",
          el("button", { id: "cfg-save", type: "button", textContent: "Save", onclick: save, disabled: true }), " ",
          el("button", { id: "cfg-rollback", type: "button", textContent: "Rollback", onclick: rollback, disabled: true }), " ",
          el("button", { id: "cfg-delete", type: "button", textContent: "Delete", onclick: remove, hidden: true })),
        el("p", { id: "cfg-message" }),
        el("p", { id: "cfg-error", className: "error" }))));
  document.querySelector("main").append(section);

  // current: { id, type, configuration (null for a new file), creating: {factoryPid, name} | null }
  let data = { types: [], configurations: [] };
  let current = null;
  let follow = null;

  async function render() {
    data = await api("GET", "/config");
    const rows = data.configurations.map(c => {
      const tr = el("tr", { onclick: () => open(c.id) }, el("td", { textContent: c.id }),
        el("td", { className: "stage-" + c.state.stage, textContent: c.state.stage }), el("td", { textContent: String(c.previousVersions) }));
      tr.dataset.id = c.id;
      tr.id = "cfg-row-" + c.id;
      if (current && current.id === c.id) tr.classList.add("sel");
      return tr;
    });
    $("cfg-list").tBodies[0].replaceChildren(...rows);
    const have = new Set(data.configurations.map(c => c.pid));
    $("cfg-unset").replaceChildren(...data.types.filter(t => !t.factory && !have.has(t.pid)).map(t =>
      el("li", {}, el("a", { href: "#config=" + t.pid, textContent: t.name + " (" + t.pid + ")" }))));
    $("cfg-unset-title").hidden = !$("cfg-unset").children.length;
    $("cfg-new-type").replaceChildren(...data.types.filter(t => t.factory).map(t => el("option", { value: t.pid, textContent: t.name + " (" + t.pid + ")" })));
    const wanted = location.hash.startsWith("#config=") ? decodeURIComponent(location.hash.slice("#config=".length)) : null;
    if (wanted && (!current || current.id !== wanted)) await open(wanted);
  }

  const typeOf = pid => data.types.find(t => t.pid === pid);

  async function open(id) {
    stopFollowing();
    const one = await api("GET", "/config/" + encodeURIComponent(id));
    current = { id, type: one.type, configuration: one.configuration, creating: null };
    if (location.hash !== "#config=" + id) history.replaceState(null, "", "#config=" + id);
    draw();
  }

  function newFactory() {
    const pid = $("cfg-new-type").value, name = $("cfg-new-name").value.trim();
    if (!pid) return;
    stopFollowing();
    current = { id: pid + "-" + name, type: typeOf(pid), configuration: null, creating: { factoryPid: pid, name } };
    draw();
  }

  function draw() {
    const t = current.type, c = current.configuration;
    document.querySelectorAll("#cfg-list tr").forEach(tr => tr.classList.toggle("sel", tr.dataset.id === current.id));
    $("cfg-title").textContent = (t ? t.name : current.id) + " — " + (current.creating ? "new " + current.id + ".cfg" : current.id + ".cfg");
    $("cfg-description").textContent = t ? t.description : "No installed component declares this configuration: it cannot be edited here.";
    showState(c);
    $("cfg-message").textContent = ""; $("cfg-error").textContent = "";
    const values = c ? c.values : {}, secrets = c ? c.secrets : {};
    const fields = (t ? t.attributes : []).map(a => field(a, values, secrets));
    for (const k of Object.keys(values)) if (!t || !t.attributes.some(a => a.id === k)) {
      fields.push(field({ id: k, name: k, description: "not declared by the component (the gateway refuses unknown keys)", type: "string", cardinality: 0, options: [], defaults: [] }, values, secrets));
    }
    fields.push(el("span", { className: "field-error", id: "cfg-error-configuration" }));
    $("cfg-form").replaceChildren(...fields);
    const editable = !!t;
    $("cfg-validate").disabled = !editable; $("cfg-save").disabled = !editable;
    $("cfg-rollback").disabled = !c || c.previousVersions === 0;
    $("cfg-delete").hidden = !(c && c.factoryName);
  }

  function showState(c) {
    const s = $("cfg-state");
    if (!c) { s.textContent = "Not saved yet."; s.className = ""; return; }
    const label = { applied: "applied", loaded: "loaded into Config Admin", written: "written, not read yet", rejected: "rejected by the loader", waiting: "waiting for its component" }[c.state.stage] || c.state.stage;
    s.textContent = label + ": " + c.state.detail;
    s.className = "stage-" + c.state.stage;
    s.dataset.stage = c.state.stage;
  }

  function field(a, values, secrets) {
    const id = "cfg-field-" + a.id;
    const has = Object.prototype.hasOwnProperty.call(values, a.id);
    const def = (a.defaults || []).join(", ");
    let input;
    if (a.secret) {
      input = el("input", { id, type: "password", autocomplete: "new-password", placeholder: secrets[a.id] ? "set — leave empty to keep it" : "not set" });
    } else if (a.type === "boolean" && a.cardinality === 0) {
      input = el("input", { id, type: "checkbox", checked: (has ? values[a.id] : def) === "true" });
    } else if (a.options && a.options.length && a.cardinality === 0) {
      input = el("select", { id }, el("option", { value: "", textContent: def ? "default (" + def + ")" : "—" }),
        ...a.options.map(o => el("option", { value: o.value, textContent: o.label })));
      input.value = has ? values[a.id] : "";
    } else if (["integer", "long", "short", "byte", "double", "float"].includes(a.type) && a.cardinality === 0) {
      input = el("input", { id, type: "number", step: ["double", "float"].includes(a.type) ? "any" : "1", value: has ? values[a.id] : "", placeholder: def });
      if (a.min !== null && a.min !== undefined) input.min = a.min;
      if (a.max !== null && a.max !== undefined) input.max = a.max;
    } else {
      input = el("input", { id, value: has ? values[a.id] : "", placeholder: def });
    }
    input.dataset.key = a.id;
    input.dataset.had = has ? "1" : "";
    input.dataset.def = def;
    const hints = [];
    if (a.required) hints.push("required");
    if (a.min !== null && a.min !== undefined || a.max !== null && a.max !== undefined) hints.push("range " + (a.min ?? "…") + " to " + (a.max ?? "…"));
    if (a.cardinality !== 0) hints.push("comma-separated list");
    if (def && !a.secret) hints.push("default " + def);
    return el("label", {}, a.name + (a.required ? " *" : "") + " ",
      el("span", { className: "hint", textContent: a.id + (hints.length ? " · " + hints.join(" · ") : "") + (a.description ? " — " + a.description : "") }),
      input, el("span", { className: "field-error", id: "cfg-error-" + a.id }));
  }

  /** The form's settings: blank fields are left out (the default applies; a secret left blank keeps its value). */
  function values() {
    const out = {};
    document.querySelectorAll("#cfg-form [data-key]").forEach(i => {
      const k = i.dataset.key;
      if (i.type === "checkbox") {
        if (i.dataset.had || String(i.checked) !== (i.dataset.def || "false")) out[k] = String(i.checked);
      } else if (i.value.trim() !== "") out[k] = i.value.trim();
    });
    return out;
  }

  function showProblems(fields) {
    document.querySelectorAll("#cfg-form .field-error").forEach(e => { e.textContent = ""; });
    for (const [k, msg] of Object.entries(fields || {})) {
      const e = $("cfg-error-" + k) || $("cfg-error-configuration");
      e.textContent = (e.textContent ? e.textContent + "; " : "") + msg;
    }
  }

  async function validate() {
    try {
      const r = await api("POST", "/config/" + encodeURIComponent(current.id) + "/validate", { values: values() });
      showProblems(r.fields);
      $("cfg-message").textContent = r.valid ? "The gateway accepts these values." : "The gateway would refuse these values (see the fields).";
    } catch (e) { $("cfg-error").textContent = Console.errorText(e); }
  }

  async function save() {
    $("cfg-error").textContent = ""; $("cfg-message").textContent = "";
    try {
      const r = current.creating
        ? await api("POST", "/config", { factoryPid: current.creating.factoryPid, name: current.creating.name, values: values() })
        : await api("PUT", "/config/" + encodeURIComponent(current.id), { values: values() });
      await render();
      await open(r.id);
      $("cfg-message").textContent = "Saved: " + r.message;
      followUntilApplied(r.id);
    } catch (e) {
      showProblems(e.fields);
      $("cfg-error").textContent = "Refused, nothing was changed: " + e.message;
    }
  }

  async function rollback() {
    try {
      const r = await api("POST", "/config/" + encodeURIComponent(current.id) + "/rollback");
      await render();
      if (r.configuration) { await open(r.id); followUntilApplied(r.id); } else { current = null; $("cfg-form").replaceChildren(); $("cfg-title").textContent = r.id + " no longer exists"; }
      $("cfg-message").textContent = "Rolled back: " + r.message;
    } catch (e) { $("cfg-error").textContent = Console.errorText(e); }
  }

  async function remove() {
    if (!confirm("Delete " + current.id + ".cfg? Its component instance stops; the file is kept for a rollback.")) return;
    try {
      const r = await api("DELETE", "/config/" + encodeURIComponent(current.id));
      await render();
      current = null; $("cfg-form").replaceChildren(); $("cfg-title").textContent = r.id + " deleted";
      $("cfg-message").textContent = "Deleted: " + r.message;
    } catch (e) { $("cfg-error").textContent = Console.errorText(e); }
  }

  /** Re-reads the configuration until its component runs with it (or the loader refused it), at most 30 s. */
  function followUntilApplied(id) {
    stopFollowing();
    const until = Date.now() + 30000;
    follow = setInterval(async () => {
      if (!current || current.id !== id || Date.now() > until) { stopFollowing(); return; }
      try {
        const one = await api("GET", "/config/" + encodeURIComponent(id));
        current.configuration = one.configuration;
        showState(one.configuration);
        if (one.configuration && ["applied", "rejected"].includes(one.configuration.state.stage)) stopFollowing();
      } catch (e) { stopFollowing(); }
    }, 500);
  }

  function stopFollowing() { if (follow) { clearInterval(follow); follow = null; } }

  Console.pages.config = { render };
})();
