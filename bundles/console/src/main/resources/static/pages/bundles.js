"use strict";
// Bundles (admins): every bundle of the framework, with signer, SHA-256, health and previous version for the ones the
// deployment manager deployed from deploy/; upload a signed jar (install or update), uninstall, roll back; the
// manager's history (refusals with their rule, automatic rollbacks with the reason); features on and off. Requests
// run on the manager's thread: the page shows them pending and updates live when their end is audited.
(() => {
  const { api, el } = Console;
  const $ = id => document.getElementById(id);
  const navEntry = () => { const a = $("nav-bundles"); if (a) a.hidden = document.body.dataset.role !== "admin"; };
  new MutationObserver(navEntry).observe(document.body, { attributes: true, attributeFilter: ["data-role"] });
  document.head.append(el("style", { textContent: "#page-bundles td.sha{font-family:monospace;font-size:.8em}"
    + "#page-bundles tr.refused td,#page-bundles tr.rolled_back td,#page-bundles tr.failed td{color:#b00020}"
    + "#page-bundles .pending{font-style:italic}#page-bundles td.detail{max-width:40em}" }));
  const table = (id, head) => el("table", { id }, el("thead", {}, el("tr", {}, ...head.map(h => el("th", { textContent: h })))), el("tbody"));
  const td = (text, className) => el("td", { textContent: text === undefined || text === null || text === "" ? "–" : String(text), className: className || "" });
  // A row with data-* attributes (an element's dataset cannot be assigned, only filled).
  const row = (attrs, data, ...kids) => { const e = el("tr", attrs, ...kids); Object.assign(e.dataset, data); return e; };
  const when = ms => ms ? new Date(ms).toLocaleString() : "–";

  const section = el("section", { id: "page-bundles", className: "page", hidden: true },
    el("h1", { textContent: "Bundles" }),
    el("div", { className: "card" },
      el("h2", { textContent: "Install or update a plugin" }),
      el("p", { className: "muted", id: "bundle-upload-help", textContent: "Only jars signed by a key of the gateway's trust store are installed. "
        + "A jar with the symbolic name of a deployed bundle updates it; an update that does not become healthy is rolled back automatically." }),
      el("input", { id: "bundle-file", type: "file", accept: ".jar" }), " ",
      el("button", { id: "bundle-upload", type: "button", textContent: "Upload and install", onclick: upload }),
      el("p", { id: "bundle-upload-status" }), el("p", { id: "bundle-error", className: "error" })),
    el("h2", { textContent: "Requests" }),
    table("bundle-requests", ["Started", "By", "Action", "On", "Status", "Result", "Rule", "Detail"]),
    el("h2", { textContent: "Bundles of the framework" }),
    el("p", { id: "bundles-info", className: "muted" }),
    table("bundles-table", ["Id", "Symbolic name", "Version", "State", "Source", "Signer", "SHA-256", "Health", "Previous version", ""]),
    el("h2", { textContent: "Deployment history" }),
    table("deploy-history", ["Time", "Outcome", "File", "Bundle", "Version", "Rule", "Detail"]),
    el("h2", { textContent: "Features" }),
    el("p", { className: "muted", textContent: "Turning a feature on installs and starts its bundles now; turning it off stops and uninstalls the ones "
      + "no other enabled feature needs. The choice is written to gateway.properties, so a restart keeps it." }),
    el("p", { id: "feature-error", className: "error" }),
    table("features-table", ["Feature", "Description", "State", ""]));
  document.querySelector("main").append(section);
  let polling = null;
  let waiting = false; // an upload of this page is with the deployment manager

  async function render() {
    try {
      const r = await api("GET", "/bundles");
      $("bundle-error").textContent = "";
      $("bundles-info").textContent = r.bundles.length + " bundles; " + (r.deployManager ? "deployment manager running" : "deployment manager NOT running")
        + "; uploads up to " + Math.round(r.uploadLimitBytes / 1048576) + " MiB";
      renderRequests(r.requests);
      renderBundles(r.bundles);
      $("deploy-history").tBodies[0].replaceChildren(...r.history.map(e => row({ className: "deploy-event " + e.kind.toLowerCase() }, { kind: e.kind, bsn: e.symbolicName },
        td(when(e.at)), td(e.kind), td(e.file), td(e.symbolicName), td(e.version), td(e.rule), td(e.detail, "detail"))));
      const pending = r.requests.some(q => q.status === "pending");
      if (pending && !polling) polling = setInterval(() => { if (document.body.dataset.page === "bundles") render(); }, 1000);
      if (!pending && polling) { clearInterval(polling); polling = null; }
      if (!pending && waiting) { waiting = false; $("bundle-upload-status").textContent = "Done: see the result under Requests."; }
    } catch (e) { $("bundle-error").textContent = Console.errorText(e); }
    try { renderFeatures(await api("GET", "/features")); } catch (e) { $("feature-error").textContent = Console.errorText(e); }
  }

  function renderRequests(list) {
    $("bundle-requests").tBodies[0].replaceChildren(...list.map(q => {
      const e = q.event || {};
      const status = q.status === "pending" ? "running… (" + Math.round((Date.now() - q.started) / 1000) + " s)" : q.status;
      return row({ className: "bundle-request " + (q.status === "pending" ? "pending" : (e.kind || "error").toLowerCase()) }, { status: q.status, kind: e.kind || "", target: q.target },
        td(when(q.started)), td(q.by), td(q.action), td(q.target), td(status), td(e.kind || q.error), td(e.rule), td(e.detail, "detail"));
    }));
  }

  function renderBundles(list) {
    $("bundles-table").tBodies[0].replaceChildren(...list.map(b => {
      const d = b.deployed;
      const actions = el("td");
      if (d) {
        if (d.previousVersion) actions.append(el("button", { textContent: "Roll back to " + d.previousVersion, className: "bundle-rollback", onclick: () => act("POST", "/bundles/" + encodeURIComponent(b.symbolicName) + "/rollback", "Roll " + b.symbolicName + " back to " + d.previousVersion + "?") }), " ");
        actions.append(el("button", { textContent: "Uninstall", className: "bundle-uninstall", onclick: () => act("DELETE", "/bundles/" + encodeURIComponent(b.symbolicName), "Uninstall " + b.symbolicName + "?") }));
      }
      return row({ className: "bundle" }, { bsn: b.symbolicName, state: b.state, source: b.source },
        td(b.id), td(b.symbolicName), td(b.version, "version"), td(b.state, "state"), td(b.source),
        td(d && d.signer), td(d && d.sha256 ? d.sha256.slice(0, 16) + "…" : "", "sha"),
        td(d ? d.health.status + (d.health.detail ? ": " + d.health.detail : "") : ""), td(d && d.previousVersion), actions);
    }));
  }

  function renderFeatures(list) {
    $("features-table").tBodies[0].replaceChildren(...list.map(f => {
      const state = f.enabled ? (f.listed ? "on" : "on (included)") : "off";
      const button = el("button", { className: "feature-toggle", textContent: f.enabled ? "Turn off" : "Turn on",
        disabled: f.enabled && f.offRefusal !== "", title: f.offRefusal, onclick: () => toggle(f) });
      return row({ className: "feature" }, { feature: f.name, enabled: String(f.enabled) },
        td(f.name), td(f.description), td(state), el("td", {}, button, f.enabled && f.offRefusal ? el("small", { className: "muted", textContent: " " + f.offRefusal }) : ""));
    }));
  }

  async function toggle(f) {
    $("feature-error").textContent = "";
    if (f.enabled && !confirm("Turn feature " + f.name + " off? Its bundles that no other feature needs are stopped and uninstalled now.")) return;
    try {
      const c = await api("POST", "/features/" + encodeURIComponent(f.name), { enabled: !f.enabled });
      $("feature-error").textContent = "";
      $("bundle-upload-status").textContent = c.detail;
    } catch (e) { $("feature-error").textContent = Console.errorText(e); }
    render();
  }

  async function act(method, path, question) {
    if (!confirm(question)) return;
    try { await api(method, path); } catch (e) { $("bundle-error").textContent = Console.errorText(e); }
    render();
  }

  async function upload() {
    const file = $("bundle-file").files[0];
    $("bundle-error").textContent = "";
    if (!file) { $("bundle-error").textContent = "Choose a .jar file first."; return; }
    $("bundle-upload").disabled = true;
    $("bundle-upload-status").textContent = "Uploading " + file.name + " (" + file.size + " bytes)…";
    try {
      const r = await fetch("/api/bundles?name=" + encodeURIComponent(file.name), { method: "POST", body: file, credentials: "same-origin",
        headers: { "Content-Type": "application/java-archive", "X-CSRF-Token": Console.state.session.csrf } });
      const data = await r.json().catch(() => ({}));
      if (!r.ok) throw Object.assign(new Error(data.error || ("HTTP " + r.status)), { fields: data.fields || {} });
      waiting = true;
      $("bundle-upload-status").textContent = file.name + " uploaded; the deployment manager verifies its signature, installs it and waits for it to be healthy…";
    } catch (e) { $("bundle-error").textContent = Console.errorText(e); $("bundle-upload-status").textContent = ""; }
    finally { $("bundle-upload").disabled = false; $("bundle-file").value = ""; }
    render();
  }

  Console.pages.bundles = { render, onAudit: render };
})();
