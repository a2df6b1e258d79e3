/* Small behaviours for every page; each page works without them. */
(function () {
  "use strict";

  // After a form comes back with errors, take the reader to the summary.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }

  // Ask before actions that cannot be undone (announcing emails every member
  // of staff; removing a visit). Without JavaScript the action goes ahead.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });
})();
