"use strict";
// Commissioning, part 2 of 3: the draft profile. Points come from a scanned BACnet device's suggestions or from Modbus
// registers mapped in the register browser; a profile speaks one protocol. Validate and Save go to the gateway, which
// checks the request and then runs the shipped profile validator; every error is shown next to the field it names.
(() => {
  const { api } = Console;
  const C = Console.commissioning;
  const { el, input, label, button, table, error, show } = C;
  const $ = id => document.getElementById(id);
  const field = (f, control) => { control.dataset.field = f; return control; };

  const fieldset = el("fieldset", { id: "cx-draft" }, el("legend", { textContent: "3. Draft a profile" }),
    el("p", { id: "draft-source", className: "muted", textContent: "Choose “Draft profile” on a scanned BACnet device, or map Modbus registers above." }),
    el("div", { className: "row" }, label("Profile id", field("id", input("draft-id", ""))), label("Vendor", field("vendor", input("draft-vendor", ""))),
      label("Model", field("model", input("draft-model", ""))), label("Description", field("description", input("draft-description", ""))),
      el("span", { id: "draft-protocol", className: "muted" })),
    el("div", { className: "scroll" }, table("draft-table", ["Protocol", "Address", "Name", "Role", "Unit", "Min", "Max", "Scale", "Offset", "SF reg", "Writable", ""])),
    el("div", { className: "row" }, button("draft-validate", "Validate", () => draft(false)), button("draft-save", "Save to library", () => draft(true)),
      button("draft-clear", "Clear draft", clear, "secondary")),
    el("p", { id: "draft-result" }), error("draft-error"), el("pre", { id: "draft-json" }));
  $("page-commissioning").append(fieldset);

  const state = C.draft = { protocol: null, points: [] };

  function describe() {
    $("draft-protocol").textContent = state.points.length ? state.points.length + " " + state.protocol + " point(s)" : "empty";
  }

  function clear() {
    state.protocol = null; state.points = [];
    ["draft-id", "draft-vendor", "draft-model", "draft-description"].forEach(id => { $(id).value = ""; });
    fieldErrors({});
    $("draft-json").textContent = ""; $("draft-result").textContent = "";
    $("draft-source").textContent = "Choose “Draft profile” on a scanned BACnet device, or map Modbus registers above.";
    render();
  }

  function defaults(source, id, vendor, model) {
    $("draft-id").value = $("draft-id").value || id;
    $("draft-vendor").value = $("draft-vendor").value || vendor;
    $("draft-model").value = $("draft-model").value || model;
    $("draft-description").value = $("draft-description").value || "Drafted on site from " + source;
  }

  /** A draft from a scanned BACnet device's suggested points (replacing a BACnet draft; a Modbus draft must be cleared). */
  C.draftFromBacnet = async d => {
    show("draft-error");
    if (state.protocol === "modbus" && state.points.length) {
      $("draft-error").textContent = "The draft is a Modbus profile (" + state.points.length + " points): a profile speaks one protocol. Clear the draft first.";
      return;
    }
    try {
      const points = await api("GET", "/commissioning/suggest/" + d.instance);
      state.protocol = "bacnet";
      state.points = points.map(p => Object.assign({ protocol: "bacnet" }, p));
      $("draft-source").textContent = "From BACnet device " + d.instance + " at " + d.address + " (roles suggested from names and units: check them).";
      defaults("BACnet device " + d.instance, "site-device-" + d.instance, d.vendorName || "unknown", "device " + d.instance);
      C.roles(points.map(p => p.role));
      render();
    } catch (e) { show("draft-error", e); }
  };

  /** A draft from a SunSpec unit's suggested registers (its model chain: inverter and meter models with scale factors). */
  C.draftFromModbus = async f => {
    show("draft-error");
    if (state.protocol === "bacnet" && state.points.length) {
      $("draft-error").textContent = "The draft is a BACnet profile (" + state.points.length + " points): a profile speaks one protocol. Clear the draft first.";
      return;
    }
    try {
      const points = await api("GET", "/commissioning/suggest/modbus?host=" + encodeURIComponent(f.host) + "&port=" + f.port + "&unit=" + f.unit);
      if (!points.length) {
        $("draft-error").textContent = "No registers suggested for SunSpec models " + f.sunspecModels.join(", ") + " of unit " + f.unit + " at " + f.host + ":" + f.port
          + ": map them by hand from the register browser.";
        return;
      }
      state.protocol = "modbus";
      state.points = points.map(p => Object.assign({ protocol: "modbus" }, p));
      const source = "Modbus unit " + f.unit + " at " + f.host + ":" + f.port;
      $("draft-source").textContent = "From " + source + " (SunSpec models " + f.sunspecModels.join(", ") + "; roles suggested from the models: check them).";
      defaults(source, "site-sunspec-device", "unknown", source);
      C.roles(points.map(p => p.role));
      render();
    } catch (e) { show("draft-error", e); }
  };

  /** Adds one mapped point; false (with the reason in the mapping form) when it does not fit the draft. */
  C.addDraftPoint = (p, source) => {
    if (state.points.length && state.protocol !== p.protocol) {
      C.showMapError(new Error("the draft is a " + state.protocol + " profile (" + state.points.length + " points): a profile speaks one protocol. Clear the draft first."));
      return false;
    }
    if (state.points.some(q => q.name === p.name)) {
      C.showMapError(Object.assign(new Error("not added"), { fields: { name: "'" + p.name + "' is used by another point of the draft" } }));
      return false;
    }
    if (!state.points.length) {
      $("draft-source").textContent = "From " + source + " (registers mapped by hand).";
      defaults(source, "site-modbus-device", "unknown", source);
    }
    state.protocol = p.protocol;
    state.points.push(p);
    render();
    return true;
  };

  const COLUMNS = [["address", "text"], ["name", "text"], ["role", "text"], ["unit", "unit"], ["min", "number"], ["max", "number"], ["scale", "number"],
    ["offset", "number"], ["scaleFactorRegister", "number"], ["writable", "checkbox"]];
  const MODBUS_ONLY = ["scale", "offset", "scaleFactorRegister"];
  /** A writable point's write policy, on a line of its own beneath the point. */
  const WRITE = [["tolerance", "Tolerance"], ["deadband", "Deadband"], ["minIntervalSeconds", "Min interval s"], ["writePriority", "Priority"], ["safeValue", "Safe value"]];
  const WRITE_ONLY = ["tolerance", "deadband", "minIntervalSeconds", "writePriority", "safeValue"];

  function control(p, i, f, type) {
    let c;
    if (type === "unit") {
      c = C.select("", C.UNITS.includes(p.unit) ? C.UNITS : C.UNITS.concat([p.unit]), p.unit);
      c.removeAttribute("id");
    } else {
      c = el("input", type === "number" ? { type, step: "any" } : { type });
      if (type === "checkbox") c.checked = !!p[f]; else c.value = p[f] === undefined || p[f] === null ? "" : p[f];
    }
    c.className = "draft-" + f;
    c.dataset.field = "points[" + i + "]." + f;
    if (f === "role") c.setAttribute("list", "cx-roles");
    if (MODBUS_ONLY.includes(f) && p.protocol !== "modbus") { c.disabled = true; c.value = ""; c.title = "for Modbus registers (BACnet objects carry engineering units)"; }
    const update = () => {
      p[f] = type === "checkbox" ? c.checked : type === "number" ? (c.value === "" ? undefined : Number(c.value)) : c.value;
      if (f === "writable") render();
    };
    c.addEventListener(type === "checkbox" || type === "unit" ? "change" : "input", update);
    return c;
  }

  function render() {
    $("draft-table").tBodies[0].replaceChildren(...state.points.flatMap((p, i) => [el("tr", { className: "draft-point " + p.protocol + (p.writable ? " writable-row" : "") },
      el("td", { className: "proto", textContent: p.protocol }),
      ...COLUMNS.map(([f, type]) => el("td", {}, control(p, i, f, type))),
      el("td", {}, el("button", { textContent: "Remove", type: "button", className: "small secondary remove-point",
        onclick: () => { state.points.splice(i, 1); if (!state.points.length) state.protocol = null; render(); } })))]
      .concat(p.writable ? [el("tr", { className: "draft-write" }, el("td"), el("td", { colSpan: COLUMNS.length + 1 },
        el("span", { className: "muted", textContent: "Write policy of " + (p.name || "this point") + ": " }),
        ...WRITE.map(([f, text]) => label(text, control(p, i, f, "number")))))] : [])));
    describe();
  }

  /** Where an error belongs: the field it names ("points[2].unit", "/points/2/modbus/scale", "$.points[2].write.tolerance"). */
  function locate(key, message) {
    const direct = fieldset.querySelector("[data-field=\"" + CSS.escape(key) + "\"]");
    if (direct) return direct;
    const m = /(?:\$\.points\[(\d+)\]|\/points\/(\d+)|^points\[(\d+)\])(?:[./]([A-Za-z]+))?(?:[./]([A-Za-z]+))?/.exec(key + " " + message)
      || /(?:\$\.points\[(\d+)\]|\/points\/(\d+))(?:[./]([A-Za-z]+))?(?:[./]([A-Za-z]+))?/.exec(message);
    if (m) {
      const i = m[1] || m[2] || m[3], f1 = m[4], f2 = m[5];
      let f = f1 || "name";
      if (f1 === "bacnet" || f1 === "modbus") f = MODBUS_ONLY.includes(f2) ? f2 : "address";
      else if (f1 === "write") f = ["tolerance", "deadband", "minIntervalSeconds"].includes(f2) ? f2 : "writable";
      else if (f1 === "maxRatePerSecond") f = "max";
      return fieldset.querySelector("[data-field=\"points[" + i + "]." + f + "\"]") || fieldset.querySelector("[data-field=\"points[" + i + "].name\"]");
    }
    const top = /^(?:\/|\$\.)?(id|vendor|model|description)\b/.exec(key) || /(?:^|\s)(?:\/|\$\.)(id|vendor|model|description)\b/.exec(message);
    return top ? fieldset.querySelector("[data-field=\"" + top[1] + "\"]") : null;
  }

  function fieldErrors(errors) {
    fieldset.querySelectorAll(".field-error").forEach(e => e.remove());
    fieldset.querySelectorAll(".invalid").forEach(e => e.classList.remove("invalid"));
    const rest = [];
    for (const [k, v] of Object.entries(errors || {})) {
      const target = locate(k, v);
      if (!target) { rest.push(k + ": " + v); continue; }
      target.classList.add("invalid");
      target.after(el("span", { className: "field-error", textContent: v }));
    }
    $("draft-error").textContent = rest.join("; ");
  }

  async function draft(save) {
    show("draft-error"); fieldErrors({});
    $("draft-result").textContent = ""; $("draft-result").className = "";
    if (!state.points.length) { $("draft-error").textContent = "The draft has no points yet."; return; }
    const points = state.points.map(p => {
      const q = Object.assign({}, p);
      delete q.protocol;
      if (!q.writable) WRITE_ONLY.forEach(f => delete q[f]);
      if (p.protocol !== "modbus") MODBUS_ONLY.forEach(f => delete q[f]);
      if (q.scale === 1) delete q.scale;
      if (q.offset === 0) delete q.offset;
      Object.keys(q).forEach(k => (q[k] === undefined || q[k] === "") && delete q[k]);
      return q;
    });
    try {
      const r = await api("POST", "/commissioning/draft", { id: $("draft-id").value, protocol: state.protocol, vendor: $("draft-vendor").value,
        model: $("draft-model").value, description: $("draft-description").value, points, save });
      $("draft-json").textContent = r.json;
      $("draft-result").textContent = r.valid ? (r.saved ? "Valid; saved to the profile library as " + r.id + ".json" : "Valid (not saved yet)")
        : "Refused: " + Object.keys(r.errors).length + " rule(s) broken, shown beside the fields.";
      $("draft-result").className = r.valid ? "ok" : "error";
      fieldErrors(r.errors);
    } catch (e) {
      $("draft-result").textContent = "Refused: " + e.message;
      $("draft-result").className = "error";
      fieldErrors(e.fields);
    }
  }
})();
