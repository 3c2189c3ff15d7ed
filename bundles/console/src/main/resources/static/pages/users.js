"use strict";
// Users (admins): add and delete accounts.
(() => {
  const { api, el } = Console;
  const $ = id => document.getElementById(id);

  async function render() {
    const users = await api("GET", "/users");
    $("users-table").tBodies[0].replaceChildren(...users.map(u => el("tr", {}, el("td", { textContent: u.username }), el("td", { textContent: u.role }),
      el("td", { textContent: new Date(u.created).toLocaleString() + " by " + u.createdBy }),
      el("td", {}, el("button", { textContent: "Delete", onclick: async () => { try { await api("DELETE", "/users/" + u.username); render(); } catch (e) { $("user-error").textContent = Console.errorText(e); } } })))));
  }
  $("user-form").onsubmit = async ev => {
    ev.preventDefault();
    try {
      await api("POST", "/users", { username: $("user-username").value, password: $("user-password").value, role: $("user-role").value });
      $("user-error").textContent = ""; $("user-form").reset(); render();
    } catch (e) { $("user-error").textContent = Console.errorText(e); }
  };

  Console.pages.users = { render };
})();
