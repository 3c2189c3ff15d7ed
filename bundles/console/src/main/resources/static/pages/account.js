"use strict";
// Your account (every role): change your own password; your other sessions end.
(() => {
  const { api } = Console;
  const $ = id => document.getElementById(id);

  async function render() {
    const s = Console.state.session;
    $("account-who").textContent = "Signed in as " + s.user + " (" + s.role + "). A new password ends your other sessions; this one stays.";
  }

  $("account-form").onsubmit = async ev => {
    ev.preventDefault();
    $("account-error").textContent = ""; $("account-done").textContent = "";
    if ($("account-password").value !== $("account-repeat").value) { $("account-error").textContent = "the two new passwords differ"; return; }
    try {
      await api("POST", "/account/password", { current: $("account-current").value, password: $("account-password").value });
      $("account-form").reset();
      $("account-done").textContent = "Password changed; your other sessions ended.";
    } catch (e) { $("account-error").textContent = Console.errorText(e); }
  };

  Console.pages.account = { render };
})();
