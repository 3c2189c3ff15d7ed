"use strict";
// Users (admins): add accounts; per user (#users=<name>): change the role, disable / enable, issue a one-time password
// reset link, delete, and what the user did (the audit log by actor, paged). Also the reset link's own page (#reset=).
(() => {
  const { api, el } = Console;
  const $ = id => document.getElementById(id);
  const PAGE = 25;
  let auditPage = 0;
  let shownFor = null;

  const selected = () => { const m = location.hash.match(/^#users=([a-z0-9._-]+)$/); return m ? m[1] : null; };
  const fail = (id, e) => { $(id).textContent = Console.errorText(e); };

  async function render() {
    if (Console.state.session.role !== "admin") {
      $("user-form").hidden = true; $("user-detail").hidden = true;
      $("users-table").tBodies[0].replaceChildren(el("tr", {}, el("td", { colSpan: 5, textContent: "Only admins manage users." })));
      return;
    }
    const users = await api("GET", "/users");
    $("users-table").tBodies[0].replaceChildren(...users.map(u => el("tr", { className: "user-row" },
      el("td", { textContent: u.username }), el("td", { textContent: u.role }),
      el("td", { textContent: (u.enabled ? "enabled" : "disabled") + (u.resetExpires ? ", reset link pending" : "") }),
      el("td", { textContent: new Date(u.created).toLocaleString() + " by " + u.createdBy }),
      el("td", {}, el("a", { href: "#users=" + u.username, className: "manage", textContent: "Manage · activity" })))));
    const name = selected();
    const u = users.find(x => x.username === name);
    $("user-detail").hidden = !u;
    if (!u) return;
    if (shownFor !== name) { auditPage = 0; $("user-reset-box").hidden = true; $("user-detail-error").textContent = ""; }
    shownFor = name;
    $("user-detail-name").textContent = u.username;
    $("user-audit-name").textContent = u.username;
    $("user-detail-state").textContent = u.role + ", " + (u.enabled ? "enabled" : "disabled")
      + (u.resetExpires ? "; a reset link is pending until " + new Date(u.resetExpires).toLocaleString() : "");
    $("user-detail-role").value = u.role;
    $("user-toggle").textContent = u.enabled ? "Disable" : "Enable";
    $("user-reset").disabled = !u.enabled;
    await renderAudit();
  }

  async function renderAudit() {
    const name = selected();
    if (!name) return;
    const body = $("user-audit-table").tBodies[0];
    try {
      const r = await api("GET", "/users/" + name + "/audit?" + new URLSearchParams({ page: String(auditPage), size: String(PAGE) }));
      body.replaceChildren(...r.events.map(e => el("tr", {}, el("td", { textContent: new Date(e.at).toLocaleString() }),
        el("td", { textContent: e.subject }), el("td", { textContent: e.message }))));
      $("user-audit-page").textContent = "page " + (r.page + 1) + (r.more ? " (older events on the next page)" : "");
      $("user-audit-older").disabled = !r.more;
      $("user-audit-newer").disabled = r.page === 0;
    } catch (e) { body.replaceChildren(el("tr", {}, el("td", { colSpan: 3, textContent: Console.errorText(e) }))); }
  }

  /** Runs an admin action on the selected user, then shows the result (or the refusal, with its rule). */
  const act = fn => async () => {
    $("user-detail-error").textContent = "";
    try { await fn(selected()); await render(); } catch (e) { fail("user-detail-error", e); }
  };
  $("user-role-save").onclick = act(n => api("PUT", "/users/" + n + "/role", { role: $("user-detail-role").value }));
  $("user-toggle").onclick = act(n => api("POST", "/users/" + n + ($("user-toggle").textContent === "Disable" ? "/disable" : "/enable")));
  $("user-reset").onclick = act(async n => {
    const r = await api("POST", "/users/" + n + "/reset");
    $("user-reset-url").value = location.origin + "/#reset=" + r.token;
    $("user-reset-note").textContent = "Hand this one-time link to " + n + " (it is shown only now; valid until "
      + new Date(r.expires).toLocaleString() + "; any earlier link is void):";
    $("user-reset-box").hidden = false;
  });
  $("user-delete").onclick = act(async n => { await api("DELETE", "/users/" + n); history.replaceState(null, "", "#users"); });
  $("user-audit-older").onclick = () => { auditPage++; renderAudit(); };
  $("user-audit-newer").onclick = () => { auditPage = Math.max(0, auditPage - 1); renderAudit(); };
  $("user-reset-url").onfocus = ev => ev.target.select();

  $("user-form").onsubmit = async ev => {
    ev.preventDefault();
    try {
      await api("POST", "/users", { username: $("user-username").value, password: $("user-password").value, role: $("user-role").value });
      $("user-error").textContent = ""; $("user-form").reset(); render();
    } catch (e) { fail("user-error", e); }
  };

  // The reset link's page: set the password, then sign in with it.
  $("reset-form").onsubmit = async ev => {
    ev.preventDefault();
    if ($("reset-password").value !== $("reset-repeat").value) { $("reset-error").textContent = "the two passwords differ"; return; }
    try {
      const token = location.hash.slice("#reset=".length);
      const r = await api("POST", "/reset", { token, password: $("reset-password").value });
      history.replaceState(null, "", "/");
      $("login-note").textContent = "Password set for " + r.username + ": sign in with it.";
      $("login-username").value = r.username;
      document.querySelectorAll(".page").forEach(p => p.hidden = p.id !== "page-login");
      document.body.dataset.page = "login";
    } catch (e) { fail("reset-error", e); }
  };

  Console.pages.users = { render, onAudit: () => { if (selected()) renderAudit(); } };
})();
