"use strict";
// Commissioning (installers and admins), part 1 of 3: the page and its shared helpers, the scan (BACnet directory and
// "Discover now", Modbus probe of one or more ports), the BACnet object browser (present value, units, priority array)
// and the Modbus register browser with its mapping form. commissioning-draft.js drafts the profile (BACnet and Modbus
// points, validated by the gateway); commissioning-test.js tests points and links the report. Viewers never see the
// page, and the server refuses them every route.
(() => {
  const { api } = Console;
  const $ = id => document.getElementById(id);
  const C = Console.commissioning = {};
  /** Console.el, plus data-* attributes from a "dataset" entry (the DOM's dataset cannot be assigned). */
  const el = C.el = (tag, attrs, ...kids) => {
    const { dataset, ...rest } = attrs || {};
    const e = Console.el(tag, rest, ...kids);
    Object.entries(dataset || {}).forEach(([k, v]) => { e.dataset[k] = String(v); });
    return e;
  };
  /** The BACnet priority the gateway writes at (writePriority of the demo's BacnetDevice configurations). */
  C.GATEWAY_PRIORITY = 12;
  C.input = (id, value, type, attrs) => el("input", Object.assign({ id, value: value === undefined ? "" : String(value), type: type || "text" }, attrs || {}));
  C.select = (id, options, value) => {
    const s = el("select", { id }, ...options.map(o => Array.isArray(o) ? el("option", { value: o[0], textContent: o[1] }) : el("option", { value: o, textContent: o })));
    if (value !== undefined) s.value = value;
    return s;
  };
  C.label = (text, control) => el("label", {}, text + " ", control);
  C.button = (id, text, onclick, className) => el("button", { id, textContent: text, type: "button", onclick, className: className || "" });
  C.table = (id, head) => el("table", { id }, el("thead", {}, el("tr", {}, ...head.map(h => el("th", { textContent: h })))), el("tbody"));
  C.error = id => el("p", { id, className: "error" });
  C.show = (id, e) => { $(id).textContent = e ? Console.errorText(e) : ""; };
  C.num = id => Number($(id).value);
  /** Units and roles as profiles name them (device-profile.schema.json). */
  C.UNITS = ["celsius", "percent", "percent_relative_humidity", "watt", "kilowatt", "kilowatt_hour", "volt", "ampere", "hertz",
    "seconds", "price_per_kwh", "boolean", "state", "none"];
  const { input, select, label, button, table, error, show, num } = C;

  // Installers and admins only: the nav entry appears once the signed-in role is known (app.js sets body[data-role]).
  const navEntry = () => { const a = $("nav-commissioning"); if (a) a.hidden = !["installer", "admin"].includes(document.body.dataset.role); };
  new MutationObserver(navEntry).observe(document.body, { attributes: true, attributeFilter: ["data-role"] });

  const TYPES = ["int16", "uint16", "int32", "uint32", "float32", "int64", "float64"];
  const ORDERS = [["ABCD", "big (ABCD)"], ["CDAB", "little (CDAB)"], ["BADC", "big-byte-swap (BADC)"], ["DCBA", "little-byte-swap (DCBA)"]];
  const section = el("section", { id: "page-commissioning", className: "page", hidden: true },
    el("h1", { textContent: "Commissioning" }),
    el("p", { className: "muted", textContent: "Scan the site, browse what answers, draft a profile, prove every point reads and writes, download the report." }),
    el("fieldset", { id: "cx-scan" }, el("legend", { textContent: "1. Scan" }),
      el("div", { className: "row" }, button("scan-bacnet", "Scan BACnet", () => scanBacnet(false)),
        button("discover-bacnet", "Discover now (Who-Is)", () => scanBacnet(true), "secondary"), el("span", { id: "scan-status", className: "muted" })),
      error("scan-error"),
      table("bacnet-table", ["Instance", "Address", "Vendor", "Objects", ""]),
      el("div", { id: "object-view", className: "card", hidden: true },
        el("h3", { id: "object-title" }),
        el("dl", {}, el("dt", { textContent: "Present value" }), el("dd", { id: "object-pv" }),
          el("dt", { textContent: "Units" }), el("dd", { id: "object-units" }),
          el("dt", { textContent: "Relinquish default" }), el("dd", { id: "object-default" }),
          el("dt", { textContent: "Out of service" }), el("dd", { id: "object-oos" }),
          el("dt", { textContent: "Status flags" }), el("dd", { id: "object-flags" }),
          el("dt", { textContent: "Read with" }), el("dd", { id: "object-read-with" })),
        el("p", { id: "object-priority-note", className: "muted" }),
        el("table", { id: "priority-array" }, el("thead"), el("tbody")),
        el("div", { className: "row" }, button("object-refresh", "Refresh", () => browseObject()), el("span", { id: "object-at", className: "muted" })),
        error("object-error")),
      el("div", { className: "row" }, label("First host", input("probe-first", "127.0.0.1")), label("Last host", input("probe-last", "127.0.0.1")),
        label("Ports", input("probe-port", "1502", "text", { title: "one port or several, comma-separated (at most 8)" })),
        label("Units", input("probe-u0", 1, "number")), label("to", input("probe-u1", 4, "number")),
        label("Timeout ms", input("probe-timeout", 500, "number")), label("Deadline s", input("probe-deadline", 30, "number")),
        button("probe-modbus", "Probe Modbus", probe)), error("probe-error"),
      table("modbus-table", ["Host", "Unit", "SunSpec", "First registers", ""])),
    el("fieldset", { id: "cx-registers" }, el("legend", { textContent: "2. Browse registers" }),
      el("div", { className: "row" }, label("Host", input("reg-host", "127.0.0.1")), label("Port", input("reg-port", 1502, "number")),
        label("Unit", input("reg-unit", 1, "number")), label("Start", input("reg-start", 0, "number")), label("Count", input("reg-count", 8, "number")),
        label("Table", select("reg-table-kind", ["holding", "input"])), label("Type", select("reg-type", ["all"].concat(TYPES))),
        button("reg-read", "Read registers", readRegisters)),
      error("reg-error"), el("p", { id: "reg-words", className: "muted" }),
      el("p", { className: "muted", textContent: "Each value decoded in each word order: choose one to map it to a draft point." }),
      table("reg-table", ["Register", "Type"].concat(ORDERS.map(o => o[1]))),
      el("fieldset", { id: "map-form" }, el("legend", { textContent: "Map a register to a draft point" }),
        el("div", { className: "row" }, label("Table", select("map-table", ["holding", "input", "coil", "discrete-input"])),
          label("Register", input("map-address", 0, "number")), label("Type", select("map-type", TYPES, "uint16")),
          label("Word order", select("map-order", ORDERS)), label("Scale", input("map-scale", 1, "number", { step: "any" })),
          label("Offset", input("map-offset", 0, "number", { step: "any" })),
          label("SunSpec SF register", input("map-sf", "", "number", { placeholder: "none", title: "register holding a SunSpec scale factor (10^sf)" }))),
        el("div", { className: "row" }, label("Name", input("map-name", "")),
          label("Role", input("map-role", "", "text", { placeholder: "e.g. Battery_Power_Sensor" })), label("Unit", select("map-unit", C.UNITS, "none")),
          label("Min", input("map-min", "", "number", { step: "any" })), label("Max", input("map-max", "", "number", { step: "any" })),
          label("Writable", input("map-writable", "", "checkbox")), button("map-add", "Add to draft", addMapped)),
        el("p", { id: "map-preview", className: "muted", textContent: "Choose “Map” on a decoded register, or type its layout." }), error("map-error"))));
  section.append(el("datalist", { id: "cx-roles" }));
  document.querySelector("main").append(section);
  $("map-role").setAttribute("list", "cx-roles");

  /** The roles the installer may pick from: those of the configured points, plus any given (suggestions). */
  C.roles = extra => {
    const roles = new Set((Console.state.defs || []).map(d => d.role).concat(extra || []));
    $("cx-roles").replaceChildren(...[...roles].filter(Boolean).sort().map(r => el("option", { value: r })));
  };

  // Scan: the BACnet directory (or a Who-Is first), each device with its objects and a Browse action per object. ------
  async function scanBacnet(discover) {
    show("scan-error"); $("scan-bacnet").disabled = $("discover-bacnet").disabled = true;
    $("scan-status").textContent = discover ? "Who-Is sent, waiting for I-Am answers…" : "";
    try {
      const devices = await api("POST", "/commissioning/scan/bacnet", discover ? { discover: true } : {});
      $("bacnet-table").tBodies[0].replaceChildren(...devices.map(d => el("tr", { className: "bacnet-device", dataset: { instance: d.instance } },
        el("td", { textContent: d.instance }), el("td", { textContent: d.address }), el("td", { textContent: d.vendorName || ("vendor " + d.vendorId) }),
        el("td", {}, el("ul", { className: "objects" }, ...d.objects.filter(o => o.type !== "device").map(o => el("li", {},
          o.type + ":" + o.instance + " " + o.name + (o.units ? " [" + o.units + "]" : "") + " ",
          el("button", { textContent: "Browse", type: "button", className: "small browse-object", dataset: { object: o.type + ":" + o.instance },
            onclick: () => browseObject(d.instance, o.type, o.instance) }))))),
        el("td", {}, el("button", { textContent: "Draft profile", className: "draft-from", type: "button", onclick: () => C.draftFromBacnet(d) })))));
      $("scan-status").textContent = devices.length + " BACnet device(s)" + (discover ? " after a Who-Is" : " in the directory") + ", " + new Date().toLocaleTimeString();
    } catch (e) { show("scan-error", e); $("scan-status").textContent = ""; } finally { $("scan-bacnet").disabled = $("discover-bacnet").disabled = false; }
  }

  // Browse one BACnet object: present value, units, the 16-slot priority array with the gateway's slot marked. -------
  let browsing = null;
  async function browseObject(instance, type, number) {
    if (instance !== undefined) browsing = { instance, type, number };
    if (!browsing) return;
    const b = browsing;
    show("object-error"); $("object-view").hidden = false; $("object-refresh").disabled = true;
    $("object-title").textContent = "Device " + b.instance + " · " + b.type + ":" + b.number;
    try {
      renderObject(await api("GET", "/commissioning/bacnet/" + b.instance + "/objects/" + encodeURIComponent(b.type) + "/" + b.number));
    } catch (e) {
      show("object-error", e.status === 504 ? Object.assign(e, { message: "device " + b.instance + " did not answer (" + e.message + ")" }) : e);
    } finally { $("object-refresh").disabled = false; }
  }
  const shown = v => v === null || v === undefined ? "–" : typeof v === "number" ? String(Math.round(v * 1000) / 1000) : String(v);
  const FLAGS = ["in-alarm", "fault", "overridden", "out-of-service"];
  function renderObject(o) {
    $("object-title").textContent = "Device " + o.device + " · " + o.type + ":" + o.number + (o.name ? " " + o.name : "");
    $("object-pv").textContent = shown(o.presentValue) + (o.units ? " " + o.units : "");
    $("object-pv").dataset.value = shown(o.presentValue);
    $("object-units").textContent = o.units || "–";
    $("object-default").textContent = shown(o.relinquishDefault);
    $("object-oos").textContent = o.outOfService === undefined || o.outOfService === null ? "–" : o.outOfService ? "yes" : "no";
    const flags = (o.statusFlags || []).map((f, i) => typeof f === "boolean" ? (f ? FLAGS[i] || "flag " + i : null) : f).filter(Boolean);
    $("object-flags").textContent = flags.length ? flags.join(", ") : "none set";
    const pa = o.priorityArray, head = $("priority-array").tHead, body = $("priority-array").tBodies[0];
    if (!Array.isArray(pa) || pa.length === 0) {
      head.replaceChildren(); body.replaceChildren();
      $("object-priority-note").textContent = "No priority array: this object is not commandable.";
    } else {
      const active = pa.findIndex(v => v !== null && v !== undefined);
      head.replaceChildren(el("tr", {}, ...pa.map((_, i) => el("th", { textContent: i + 1, className: i + 1 === C.GATEWAY_PRIORITY ? "gateway" : "" }))));
      body.replaceChildren(el("tr", {}, ...pa.map((v, i) => el("td", {
        textContent: v === null || v === undefined ? "·" : shown(v), dataset: { slot: i + 1 },
        title: "priority " + (i + 1) + (i + 1 === C.GATEWAY_PRIORITY ? " (the gateway's)" : "") + (v === null || v === undefined ? ": empty" : ": " + shown(v)),
        className: ["slot", v === null || v === undefined ? "" : "set", i === active ? "active" : "", i + 1 === C.GATEWAY_PRIORITY ? "gateway" : ""].join(" ").trim() }))));
      $("object-priority-note").textContent = (active < 0 ? "No slot set: the present value is the relinquish default." :
        "Priority " + (active + 1) + " commands it" + (active + 1 === C.GATEWAY_PRIORITY ? " (the gateway)." : ".")) +
        " Slot " + C.GATEWAY_PRIORITY + " (outlined) is the gateway's" + (pa[C.GATEWAY_PRIORITY - 1] === null || pa[C.GATEWAY_PRIORITY - 1] === undefined ? ", empty now." : ", written now.");
    }
    $("object-read-with").textContent = (o.readWith || "–") + (o.refused && o.refused.length ? "; the device refused " + o.refused.join(", ") : "");
    $("object-at").textContent = "read at " + new Date(o.readAt || Date.now()).toLocaleTimeString();
  }

  // Modbus probe: one probe per port (at most 8), findings accumulated. --------------------------------------------
  async function probe() {
    show("probe-error"); $("probe-modbus").disabled = true;
    const ports = $("probe-port").value.split(/[\s,]+/).filter(Boolean).map(Number);
    const findings = [], notes = [];
    try {
      if (ports.length === 0 || ports.length > 8 || ports.some(p => !Number.isInteger(p))) {
        throw Object.assign(new Error("invalid ports"), { fields: { port: "1 to 8 port numbers, comma-separated" } });
      }
      for (const port of ports) {
        const r = await api("POST", "/commissioning/scan/modbus", { firstHost: $("probe-first").value, lastHost: $("probe-last").value, port,
          firstUnit: num("probe-u0"), lastUnit: num("probe-u1"), timeoutMs: num("probe-timeout"), deadlineSeconds: num("probe-deadline") });
        findings.push(...r.findings);
        notes.push(":" + port + " " + r.findings.length + " of " + r.tried + " answered in " + r.elapsedMs + " ms" + (r.timedOut ? " (deadline reached)" : ""));
      }
      $("modbus-table").tBodies[0].replaceChildren(...findings.map(f => el("tr", { className: "modbus-unit" },
        el("td", { textContent: f.host + ":" + f.port }), el("td", { textContent: f.unit }),
        el("td", { textContent: f.sunspecBase === null ? "no" : "at " + f.sunspecBase + ", models " + f.sunspecModels.join(", ") }),
        el("td", { textContent: f.registersAt + ": " + f.firstRegisters.join(" ") }),
        el("td", {}, el("button", { textContent: "Browse", type: "button", className: "small", onclick: () => {
          $("reg-host").value = f.host; $("reg-port").value = f.port; $("reg-unit").value = f.unit; $("reg-start").value = f.registersAt; readRegisters();
        } }), " ", f.sunspecBase === null ? "" : el("button", { textContent: "Draft from SunSpec", type: "button", className: "small sunspec-draft",
          onclick: () => C.draftFromModbus(f) })))));
      $("probe-error").className = "muted";
      $("probe-error").textContent = notes.join("; ");
    } catch (e) { $("probe-error").className = "error"; show("probe-error", e); } finally { $("probe-modbus").disabled = false; }
  }

  // Register browser: raw words and every decoding; "Map" carries one into the mapping form. --------------------------
  let mapped = null, readTable = "holding";
  async function readRegisters() {
    show("reg-error");
    try {
      const r = await api("POST", "/commissioning/registers", { host: $("reg-host").value, port: num("reg-port"), unit: num("reg-unit"),
        table: $("reg-table-kind").value, start: num("reg-start"), count: num("reg-count") });
      readTable = r.table;
      $("reg-words").textContent = "Raw " + r.table + ": " + r.words.map((w, i) => (r.start + i) + "=" + w + " (0x" + w.toString(16).padStart(4, "0") + ")").join("  ");
      const t = $("reg-type").value, rows = new Map();
      for (const d of r.decodings.filter(d => t === "all" || d.type === t)) {
        const k = d.address + " " + d.type;
        if (!rows.has(k)) rows.set(k, { address: d.address, type: d.type, orders: {} });
        rows.get(k).orders[d.wordOrder] = d;
      }
      $("reg-table").tBodies[0].replaceChildren(...[...rows.values()].map(row => el("tr", { className: "decoding", dataset: { address: row.address, type: row.type } },
        el("td", { textContent: row.address }), el("td", { textContent: row.type }),
        ...ORDERS.map(([o]) => el("td", {}, row.orders[o] ? el("button", { textContent: short(row.orders[o].value), type: "button",
          className: "small secondary map-register", title: row.orders[o].value + ": map " + row.type + " " + o + " at " + row.address, dataset: { order: o },
          onclick: () => mapFrom(row.orders[o]) }) : "–")))));
    } catch (e) { show("reg-error", e); }
  }
  /** A decoded value as the table shows it: integers whole, others to 7 significant digits (the title has it all). */
  const short = v => Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(7)));
  const RANGE = { int16: [-32768, 32767], uint16: [0, 65535], int32: [-2147483648, 2147483647], uint32: [0, 4294967295] };
  function mapFrom(d) {
    mapped = d;
    document.querySelectorAll("#reg-table button.chosen").forEach(b => b.classList.remove("chosen"));
    const cell = document.querySelector("#reg-table tr[data-address=\"" + d.address + "\"][data-type=\"" + d.type + "\"] button[data-order=\"" + d.wordOrder + "\"]");
    if (cell) cell.classList.add("chosen");
    $("map-address").value = d.address; $("map-type").value = d.type; $("map-order").value = d.wordOrder; $("map-table").value = readTable;
    if (!$("map-name").value) $("map-name").value = "register-" + d.address;
    const r = RANGE[d.type];
    if ($("map-min").value === "") $("map-min").value = r ? r[0] : -1e6;
    if ($("map-max").value === "") $("map-max").value = r ? r[1] : 1e6;
    C.roles();
    preview();
    $("map-name").focus();
  }
  function preview() {
    const scale = num("map-scale"), offset = num("map-offset") || 0;
    if (!mapped || mapped.address !== num("map-address") || mapped.type !== $("map-type").value || mapped.wordOrder !== $("map-order").value) {
      $("map-preview").textContent = "Register " + $("map-address").value + " as " + $("map-type").value + " " + $("map-order").value + (scale !== 1 ? " × " + scale : "");
      return;
    }
    $("map-preview").textContent = "Register " + mapped.address + " as " + mapped.type + " " + mapped.wordOrder + " reads " + mapped.value
      + (scale !== 1 || offset !== 0 ? " × " + scale + (offset ? " + " + offset : "") + " = " + Math.round((mapped.value * scale + offset) * 1e6) / 1e6 : "");
  }
  ["map-address", "map-type", "map-order", "map-scale", "map-offset"].forEach(id => $(id).addEventListener("input", preview));
  const ORDER_NAME = { ABCD: "big", CDAB: "little", BADC: "big-byte-swap", DCBA: "little-byte-swap" };
  function addMapped() {
    show("map-error");
    const errors = {};
    const name = $("map-name").value.trim(), role = $("map-role").value.trim(), scale = num("map-scale");
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name)) errors.name = "must be 1-64 letters, digits, '_', '.' or '-'";
    if (!role) errors.role = "choose a role";
    if ($("map-min").value === "" || $("map-max").value === "") errors.limits = "min and max are required";
    if (!Number.isFinite(scale) || scale === 0) errors.scale = "must be a number other than 0";
    if ($("map-sf").value !== "" && !(Number.isInteger(num("map-sf")) && num("map-sf") >= 0 && num("map-sf") <= 65535)) errors.scaleFactorRegister = "a register 0..65535, or empty";
    if (Object.keys(errors).length) { show("map-error", Object.assign(new Error("not added"), { fields: errors })); return; }
    const order = ORDER_NAME[$("map-order").value], type = $("map-type").value;
    const address = $("map-table").value + ":" + num("map-address") + ":" + type + (order === "big" ? "" : ":" + order);
    const writable = $("map-writable").checked;
    const p = { protocol: "modbus", name, address, role, unit: $("map-unit").value, min: num("map-min"), max: num("map-max"), writable };
    if (scale !== 1) p.scale = scale;
    if (num("map-offset") !== 0 && $("map-offset").value !== "") p.offset = num("map-offset");
    if ($("map-sf").value !== "") p.scaleFactorRegister = num("map-sf");
    if (writable) Object.assign(p, { tolerance: Math.abs(scale) || 1, deadband: 0, minIntervalSeconds: 10 });
    if (C.addDraftPoint(p, "Modbus unit " + $("reg-unit").value + " at " + $("reg-host").value + ":" + $("reg-port").value)) {
      $("map-name").value = ""; $("map-min").value = ""; $("map-max").value = ""; $("map-writable").checked = false;
      $("map-preview").textContent = "Added " + name + " (" + address + ") to the draft.";
    }
  }
  C.showMapError = e => show("map-error", e);

  Console.pages.commissioning = {
    role: "installer",
    async render() {
      C.roles();
      for (const r of C.renderers || []) await r();
    },
    onPoints() { for (const r of C.onPoints || []) r(); }
  };
  C.renderers = [];
  C.onPoints = [];
})();
