"use strict";
// Commissioning, part 3 of 3: point tests and the report. A test reads every point of a configured device and writes
// each writable one at a test value through the core's command layer, then relinquishes it; the installer confirms
// the writes first (the page names them). The table shows each point's reading, the command's lifecycle with times,
// and what the device reads now (live stream) with its last answer.
(() => {
  const { api } = Console;
  const C = Console.commissioning;
  const { el, input, label, button, table, error, show } = C;
  const $ = id => document.getElementById(id);

  $("page-commissioning").append(
    el("fieldset", { id: "cx-test" }, el("legend", { textContent: "4. Test points" }),
      el("div", { className: "row" }, label("Device", el("select", { id: "test-device", onchange: writes }))),
      el("p", { id: "test-writes", className: "muted" }),
      el("div", { className: "row" }, label("I confirm the writable points of this device will be written at test values and relinquished", input("test-confirm", "", "checkbox")),
        button("test-run", "Run test", runTest)),
      error("test-error"), el("p", { id: "test-status" }),
      table("test-table", ["Point", "Role", "Read", "Test value", "Command lifecycle", "Device reads now", "Outcome", "At"])),
    el("fieldset", { id: "cx-report" }, el("legend", { textContent: "5. Report" }),
      el("div", { className: "row" }, label("Site", input("report-site", "Demo building")),
        el("a", { id: "report-html", textContent: "Printable report (HTML)", target: "_blank" }), " ",
        el("a", { id: "report-pdf", textContent: "Download PDF" })),
      el("p", { className: "muted", textContent: "Site, devices, points with roles, test results with times, gateway version and bundles, and who ran each step." })));

  let polling = null, lastRun = null, lastShown = "";

  function reportLinks() {
    const q = "?site=" + encodeURIComponent($("report-site").value || "site");
    $("report-html").href = "/api/commissioning/report.html" + q;
    $("report-pdf").href = "/api/commissioning/report.pdf" + q;
  }
  $("report-site").addEventListener("input", reportLinks);

  /** Names the points a test of the chosen device will write, with their limits. */
  function writes() {
    const dev = $("test-device").value;
    const w = (Console.state.defs || []).filter(d => d.device === dev && d.writable);
    $("test-writes").textContent = !dev ? "" : w.length === 0 ? dev + " has no writable point: the test only reads."
      : "Writes at a test value inside its limits, then relinquishes: " + w.map(d => d.id + " (" + (d.min ?? "–") + "…" + (d.max ?? "–") + " " + d.unit + ")").join(", ") + ".";
  }

  C.renderers.push(async () => {
    reportLinks();
    try {
      const d = await api("GET", "/commissioning/devices");
      const sel = $("test-device"), cur = sel.value;
      sel.replaceChildren(...d.devices.map(x => el("option", { value: x, textContent: x })));
      if (cur && d.devices.includes(cur)) sel.value = cur;
      writes();
      renderTests(await api("GET", "/commissioning/tests"));
    } catch (e) { show("test-error", e); }
  });
  // Live readings change only the "reads now" cells: the rows stay (a selection or a click on them survives).
  C.onPoints.push(() => {
    if (!lastRun) return;
    document.querySelectorAll("#test-table tr.test-point").forEach(row => {
      const p = lastRun.points.find(x => x.point === row.dataset.point);
      const cell = row.querySelector("td.answer"), text = p ? answer(p) : "";
      if (p && cell.textContent !== text) cell.textContent = text;
    });
  });

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

  const time = ms => new Date(ms).toLocaleTimeString();
  /** "SENT → ACKNOWLEDGED → VERIFIED", and beneath it when each state was entered. */
  function lifecycle(p) {
    if (!p.writable) return el("td", { textContent: "read-only" });
    const states = p.states.map(s => { const [name, at] = s.split("@"); return { name, at: Number(at) }; });
    return el("td", { className: "lifecycle" }, el("span", { className: "state", textContent: states.length ? states.map(s => s.name).join(" → ") : "waiting…" }),
      el("span", { className: "times", title: "on the gateway's clock (the simulated building's in the demo)", textContent: states.map(s => time(s.at)).join(" · ") }));
  }
  /** The device's side: what it reads now (live stream), and the command's last reason when it gave one. */
  function answer(p) {
    const v = Console.state.points.get(p.point);
    const d = (Console.state.defs || []).find(x => x.id === p.point);
    const reason = d && d.command && d.command.reason ? "; last answer: " + d.command.reason : "";
    return (v ? Console.fmt(v.v, d && d.unit) + " (" + v.q + ")" : "–") + reason;
  }

  function renderTests(runs) {
    const r = runs[runs.length - 1];
    if (!r) return;
    lastRun = r;
    const key = JSON.stringify(r);
    if (key === lastShown) return; // nothing new since the last poll: leave the rows as they are
    lastShown = key;
    $("test-status").textContent = "Run " + r.id + " of " + r.device + " by " + r.by + ", started " + time(r.started)
      + (r.finished ? ", finished " + time(r.finished) : ", running…");
    $("test-status").dataset.finished = r.finished ? "true" : "false";
    $("test-table").tBodies[0].replaceChildren(...r.points.map(p => {
      const ok = p.outcome === "read" || p.outcome.startsWith("verified"), bad = p.outcome.startsWith("failed");
      const row = el("tr", { className: "test-point" + (ok ? " outcome-ok" : bad ? " outcome-bad" : ""), dataset: { point: p.point } },
        el("td", { textContent: p.point }), el("td", { textContent: p.role }),
        el("td", { textContent: p.value === null ? p.quality : Console.fmt(p.value) + " (" + p.quality + ")" }),
        el("td", { textContent: p.writable ? (p.testValue === null ? "–" : String(p.testValue)) : "read-only" }),
        lifecycle(p), el("td", { className: "answer", textContent: answer(p) }),
        el("td", { className: "outcome", textContent: p.outcome }), el("td", { textContent: time(p.at) }));
      return row;
    }));
  }
})();
