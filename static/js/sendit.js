/* Small behaviours for every page; each page works without them. */
(function () {
  "use strict";

  // After a form comes back with errors, take the reader to the summary.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }

  // A panel that asks the server as the person types (htmx) after their
  // session ended gets the sign-in page back: never put that page into the
  // panel (its scripts would run a second time); say what happened instead.
  // The form's text is still on the page and kept on the device.
  var script = document.currentScript;
  var loginPath = script && script.dataset.loginUrl;
  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    if (!loginPath || !xhr || !xhr.responseURL) return;
    if (new URL(xhr.responseURL).pathname !== loginPath) return;
    event.detail.shouldSwap = false;
    var target = event.detail.target;
    if (!target || target.querySelector("[data-signed-out]")) return;
    var note = document.createElement("p");
    note.className = "alert alert-warning";
    note.setAttribute("role", "status");
    note.setAttribute("data-signed-out", "");
    note.textContent =
      "You have been signed out, so this panel cannot update. Your text is still in the form: " +
      "saving takes you to sign in, then back here to restore it.";
    target.insertBefore(note, target.firstChild);
  });

  // Ask before actions that cannot be undone (announcing emails every member
  // of staff; removing a visit). Without JavaScript the action goes ahead.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });
})();
