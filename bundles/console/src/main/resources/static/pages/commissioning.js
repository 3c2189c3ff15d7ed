"use strict";
// Commissioning (installers and admins): scan BACnet and probe Modbus, browse registers, draft a profile from what
// was found (validated by the gateway's profile validator), test every point of a configured device (writes shown
// with their command lifecycle), and download the report. The page builds its own section; viewers never see it.
(() => {
  const { api, el } = Console;
  const $ = id => document.getElementById(id);
  // Installers and admins only: the nav entry appears once the signed-in role is known (app.js sets body[data-role]).
  const navEntry = () => { const a = $("nav-commissioning"); if (a) a.hidden = !["installer", "admin"].includes(document.body.dataset.role); };
  new MutationObserver(navEntry).observe(document.body, { attributes: true, attributeFilter: ["data-role"] });
  const style = el("style", { textContent: "" +
    "#page-commissioning fieldset{margin:.6em 0}#page-commissioning input[type=number]{width:6em}#draft-json{max-height:16em;overflow:auto;font-size:.8em}" });
  document.head.append(style);
  const input = (id, value, type) => el("input", { id, value: value === undefined ? "" : String(value), type: type || "text" });
  const label = (text, control) => el("label", {}, text + " ", control);
  const button = (id, text, onclick) => el("button", { id, textContent: text, type: "button", onclick });
  const table = (id, head) => el("table", { id }, el("thead", {}, el("tr", {}, ...head.map(h => el("th", { textContent: h })))), el("tbody"));
  const error = id => el("p", { id, className: "error" });
  const show = (id, e) => { $(id).textContent = e ? Console.errorText(e) : ""; };

  const section = el("section", { id: "page-commissioning", className: "page", hidden: true },
    el("h1", { textContent: "Commissioning" }),
    el("fieldset", {}, el("legend", { textContent: "1. Scan" }),
      button("scan-bacnet", "Scan BACnet", scanBacnet), error("scan-error"),
      table("bacnet-table", ["Instance", "Address", "Vendor", "Objects", ""]),
      el("div", {}, label("First host", input("probe-first", "127.0.0.1")), label("Last host", input("probe-last", "127.0.0.1")),
        label("Port", input("probe-port", 1502, "number")), label("Units", input("probe-u0", 1, "number")), label("to", input("probe-u1", 4, "number")),
        label("Timeout ms", input("probe-timeout", 500, "number")), label("Deadline s", input("probe-deadline", 30, "number")),
        button("probe-modbus", "Probe Modbus", probe)), error("probe-error"),
      table("modbus-table", ["Host", "Unit", "SunSpec", "First registers", ""])),
    el("fieldset", {}, el("legend", { textContent: "2. Browse registers" }),
      label("Host", input("reg-host", "127.0.0.1")), label("Port", input("reg-port", 1502, "number")), label("Unit", input("reg-unit", 1, "number")),
      label("Start", input("reg-start", 0, "number")), label("Count", input("reg-count", 8, "number")),
      label("Type", el("select", { id: "reg-type" }, ...["all", "int16", "uint16", "int32", "uint32", "float32", "int64", "float64"].map(t => el("option", { value: t, textContent: t })))),
      button("reg-read", "Read", readRegisters), error("reg-error"), el("p", { id: "reg-words", className: "muted" }),
      table("reg-table", ["Register", "Type", "Order", "Value"])),
    el("fieldset", {}, el("legend", { textContent: "3. Draft a profile" }),
      el("p", { id: "draft-source", className: "muted", textContent: "Choose “Draft profile” on a scanned device." }),
      label("Profile id", input("draft-id", "")), label("Vendor", input("draft-vendor", "")), label("Model", input("draft-model", "")),
      label("Description", input("draft-description", "")),
      table("draft-table", ["Name", "Address", "Role", "Unit", "Min", "Max", "Writable", "Tolerance", "Deadband", "Min interval s", "Priority", "Safe value"]),
      button("draft-validate", "Validate", () => draft(false)), button("draft-save", "Save to library", () => draft(true)),
      el("p", { id: "draft-result" }), error("draft-error"), el("pre", { id: "draft-json" })),
    el("fieldset", {}, el("legend", { textContent: "4. Test points" }),
      label("Device", el("select", { id: "test-device" })),
      label("I confirm the writable points of this device will be written at test values and relinquished", el("input", { id: "test-confirm", type: "checkbox" })),
      button("test-run", "Run test", runTest), error("test-error"), el("p", { id: "test-status" }),
      table("test-table", ["Point", "Role", "Read", "Test value", "Command lifecycle", "Outcome", "At"])),
    el("fieldset", {}, el("legend", { textContent: "5. Report" }),
      label("Site", input("report-site", "Demo building")),
      el("a", { id: "report-html", textContent: "Printable report (HTML)", target: "_blank" }), " ",
      el("a", { id: "report-pdf", textContent: "Download PDF" })));
  document.querySelector("main").append(section);
  const draftState = { protocol: "bacnet", points: [] };
  let polling = null;

  function reportLinks() {
    const q = "?site=" + encodeURIComponent($("report-site").value || "site");
    $("report-html").href = "/api/commissioning/report.html" + q;
    $("report-pdf").href = "/api/commissioning/report.pdf" + q;
  }
  $("report-site").addEventListener("input", reportLinks);

  async function render() {
    reportLinks();
    try {
      const d = await api("GET", "/commissioning/devices");
      const sel = $("test-device"), cur = sel.value;
      sel.replaceChildren(...d.devices.map(x => el("option", { value: x, textContent: x })));
      if (cur) sel.value = cur;
      renderTests(await api("GET", "/commissioning/tests"));
    } catch (e) { show("test-error", e); }
  }

  async function scanBacnet() {
    show("scan-error"); $("scan-bacnet").disabled = true;
    try {
      const devices = await api("POST", "/commissioning/scan/bacnet", {});
      $("bacnet-table").tBodies[0].replaceChildren(...devices.map(d => el("tr", { className: "bacnet-device" },
        el("td", { textContent: d.instance }), el("td", { textContent: d.address }), el("td", { textContent: d.vendorName || ("vendor " + d.vendorId) }),
        el("td", { textContent: d.objects.filter(o => o.type !== "device").map(o => o.type + ":" + o.instance + " " + o.name + (o.units ? " [" + o.units + "]" : "")).join(", ") }),
        el("td", {}, el("button", { textContent: "Draft profile", className: "draft-from", type: "button", onclick: () => suggest(d) })))));
    } catch (e) { show("scan-error", e); } finally { $("scan-bacnet").disabled = false; }
  }

  async function probe() {
    show("probe-error"); $("probe-modbus").disabled = true;
    const n = id => Number($(id).value);
    try {
      const r = await api("POST", "/commissioning/scan/modbus", { firstHost: $("probe-first").value, lastHost: $("probe-last").value, port: n("probe-port"),
        firstUnit: n("probe-u0"), lastUnit: n("probe-u1"), timeoutMs: n("probe-timeout"), deadlineSeconds: n("probe-deadline") });
      $("modbus-table").tBodies[0].replaceChildren(...r.findings.map(f => el("tr", { className: "modbus-unit" },
        el("td", { textContent: f.host + ":" + f.port }), el("td", { textContent: f.unit }),
        el("td", { textContent: f.sunspecBase === null ? "no" : "at " + f.sunspecBase + ", models " + f.sunspecModels.join(", ") }),
        el("td", { textContent: f.registersAt + ": " + f.firstRegisters.join(" ") }),
        el("td", {}, el("button", { textContent: "Browse", type: "button", onclick: () => { $("reg-host").value = f.host; $("reg-port").value = f.port; $("reg-unit").value = f.unit; $("reg-start").value = f.registersAt; readRegisters(); } })))));
      $("probe-error").textContent = r.findings.length + " of " + r.tried + " answered in " + r.elapsedMs + " ms" + (r.timedOut ? " (deadline reached)" : "");
    } catch (e) { show("probe-error", e); } finally { $("probe-modbus").disabled = false; }
  }

  async function readRegisters() {
    show("reg-error");
    const n = id => Number($(id).value);
    try {
      const r = await api("POST", "/commissioning/registers", { host: $("reg-host").value, port: n("reg-port"), unit: n("reg-unit"), start: n("reg-start"), count: n("reg-count") });
      $("reg-words").textContent = "Raw: " + r.words.map((w, i) => (r.start + i) + "=" + w + " (0x" + w.toString(16).padStart(4, "0") + ")").join("  ");
      const t = $("reg-type").value;
      Console.rows("reg-table", r.decodings.filter(d => t === "all" || d.type === t).map(d => [d.address, d.type, d.wordOrder, d.value]));
    } catch (e) { show("reg-error", e); }
  }

  async function suggest(d) {
    show("draft-error");
    try {
      draftState.points = await api("GET", "/commissioning/suggest/" + d.instance);
      draftState.protocol = "bacnet";
      $("draft-source").textContent = "From BACnet device " + d.instance + " at " + d.address + " (roles suggested from names and units: check them).";
      $("draft-id").value = $("draft-id").value || "site-device-" + d.instance;
      $("draft-vendor").value = $("draft-vendor").value || d.vendorName || "unknown";
      $("draft-model").value = $("draft-model").value || "device " + d.instance;
      $("draft-description").value = $("draft-description").value || "Drafted on site from BACnet device " + d.instance;
      renderDraft();
    } catch (e) { show("draft-error", e); }
  }

  const FIELDS = [["name", "text"], ["address", "text"], ["role", "text"], ["unit", "text"], ["min", "number"], ["max", "number"], ["writable", "checkbox"],
    ["tolerance", "number"], ["deadband", "number"], ["minIntervalSeconds", "number"], ["writePriority", "number"], ["safeValue", "number"]];
  function renderDraft() {
    $("draft-table").tBodies[0].replaceChildren(...draftState.points.map((p, i) => el("tr", { className: "draft-point" }, ...FIELDS.map(([f, type]) => {
      const c = el("input", { type, className: "draft-" + f });
      if (type === "checkbox") c.checked = !!p[f]; else c.value = p[f] === undefined || p[f] === null ? "" : p[f];
      c.addEventListener("input", () => { draftState.points[i][f] = type === "checkbox" ? c.checked : type === "number" ? (c.value === "" ? undefined : Number(c.value)) : c.value; });
      return el("td", {}, c);
    }))));
  }

  async function draft(save) {
    show("draft-error"); $("draft-result").textContent = "";
    const points = draftState.points.map(p => {
      const q = Object.assign({}, p);
      if (!q.writable) ["tolerance", "deadband", "minIntervalSeconds", "writePriority", "safeValue"].forEach(f => delete q[f]);
      Object.keys(q).forEach(k => q[k] === undefined && delete q[k]);
      return q;
    });
    try {
      const r = await api("POST", "/commissioning/draft", { id: $("draft-id").value, protocol: draftState.protocol, vendor: $("draft-vendor").value,
        model: $("draft-model").value, description: $("draft-description").value, points, save });
      $("draft-json").textContent = r.json;
      $("draft-result").textContent = r.valid ? (r.saved ? "Valid; saved to the profile library as " + r.id + ".json" : "Valid (not saved yet)")
        : "Refused: " + Object.entries(r.errors).map(([k, v]) => k + ": " + v).join("; ");
      $("draft-result").className = r.valid ? "ok" : "error";
    } catch (e) { show("draft-error", e); }
  }

  async function runTest() {
    show("test-error");
    try {
      const r = await api("POST", "/commissioning/tests", { device: $("test-device").value, confirm: $("test-confirm").checked });
      $("test-confirm").checked = false;
      renderTests([r]);
      poll(r.id);
    } catch (e) { show("test-error", e); }
  }

  function poll(id) {
    clearInterval(polling);
    polling = setInterval(async () => {
      try {
        const runs = await api("GET", "/commissioning/tests");
        renderTests(runs);
        const r = runs.find(x => x.id === id);
        if (!r || r.finished || document.body.dataset.page !== "commissioning") clearInterval(polling);
      } catch (e) { clearInterval(polling); show("test-error", e); }
    }, 1500);
  }

  function renderTests(runs) {
    const r = runs[runs.length - 1];
    if (!r) return;
    $("test-status").textContent = "Run " + r.id + " of " + r.device + " by " + r.by + ", started " + new Date(r.started).toLocaleTimeString()
      + (r.finished ? ", finished " + new Date(r.finished).toLocaleTimeString() : ", running…");
    $("test-status").dataset.finished = r.finished ? "true" : "false";
    Console.rows("test-table", r.points.map(p => [p.point, p.role, p.value === null ? p.quality : p.value + " (" + p.quality + ")",
      p.writable ? p.testValue : "read-only", p.states.map(s => s.split("@")[0]).join(" → "), p.outcome, new Date(p.at).toLocaleTimeString()]));
  }

  Console.pages.commissioning = { render };
})();
