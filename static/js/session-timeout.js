/* The idle-timeout warning (schools/sessions.py; markup in
 * templates/includes/session_warning.html).
 *
 * The server ends a session after SESSION_IDLE_SECONDS without the person
 * doing anything. A minute before (SESSION_IDLE_WARNING_SECONDS), this asks
 * the server how long is really left (an autosave or another tab may have
 * kept the session going; asking does not count as activity) and, when the
 * end is that close, shows an alert dialog with "Stay signed in", which
 * posts to the server and closes the dialog. Focus goes to the button and
 * comes back where it was; Tab stays in the dialog; Escape also stays
 * signed in. If the person has been typing or clicking on this page since
 * the server last heard from it, that is their activity: the session is
 * kept without asking. At the end the dialog says they are signed out and
 * offers "Sign in again" (?next= brings them back); the page is not left,
 * and keep-typing.js has a copy of anything typed either way.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var dialog = document.querySelector("[data-session-warning]");
  if (!script || !dialog || !window.fetch) return;

  var statusUrl = script.dataset.statusUrl;
  var warningMs = Number(script.dataset.warningSeconds || 60) * 1000;
  var deadline = Date.now() + Number(script.dataset.secondsLeft || 0) * 1000;
  var canStay = script.dataset.canStay === "true";
  var lastServer = Date.now();
  var lastInteraction = 0;
  var timer = null;
  var returnFocus = null;
  var ended = false;

  var title = dialog.querySelector("[data-session-title]");
  var text = dialog.querySelector("[data-session-text]");
  var limitText = dialog.querySelector("[data-session-limit-text]");
  var endedText = dialog.querySelector("[data-session-ended-text]");
  var form = dialog.querySelector("[data-session-stay]");
  var stayButton = dialog.querySelector("[data-session-stay-button]");
  var signIn = dialog.querySelector("[data-session-sign-in]");

  ["keydown", "pointerdown", "input"].forEach(function (name) {
    document.addEventListener(
      name,
      function (event) {
        if (!dialog.contains(event.target)) lastInteraction = Date.now();
      },
      true
    );
  });

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(check, Math.max(0, deadline - warningMs - Date.now()));
  }

  function apply(status) {
    deadline = Date.now() + status.seconds_left * 1000;
    warningMs = status.warning_seconds * 1000;
    canStay = status.can_stay;
  }

  // The server's answer: its status, null when the session has ended (the
  // answer is the redirect to the sign-in page), undefined when unreachable.
  function fetchStatus() {
    return window
      .fetch(statusUrl, {
        headers: { Accept: "application/json", "X-Sendit-Passive": "1" },
        credentials: "same-origin",
        redirect: "manual",
        cache: "no-store",
      })
      .then(function (response) {
        var json = (response.headers.get("Content-Type") || "").indexOf("json") !== -1;
        if (response.type === "opaqueredirect" || !response.ok || !json) return null;
        return response.json();
      })
      .catch(function () {
        return undefined;
      });
  }

  function visible(element, shown) {
    if (element) element.hidden = !shown;
  }

  function open(focusOn) {
    if (dialog.hidden) {
      returnFocus = document.activeElement;
      dialog.hidden = false;
      document.body.classList.add("session-warning-open");
    }
    if (focusOn) focusOn.focus();
  }

  function close() {
    dialog.hidden = true;
    document.body.classList.remove("session-warning-open");
    if (returnFocus && document.contains(returnFocus) && returnFocus.focus) returnFocus.focus();
    returnFocus = null;
  }

  function showWarning() {
    visible(text, canStay);
    visible(limitText, !canStay);
    visible(endedText, false);
    visible(form, canStay);
    visible(signIn, false);
    open(canStay ? stayButton : title);
    window.clearTimeout(timer);
    timer = window.setTimeout(expire, Math.max(0, deadline - Date.now()));
  }

  function showEnded() {
    ended = true;
    window.clearTimeout(timer);
    title.textContent = title.dataset.endedTitle;
    visible(text, false);
    visible(limitText, false);
    visible(endedText, true);
    visible(form, false);
    visible(signIn, true);
    open(signIn);
  }

  function check() {
    fetchStatus().then(function (status) {
      if (status === null) return showEnded();
      if (status) apply(status);
      if (deadline - Date.now() > warningMs + 1000) {
        // Kept going meanwhile (an autosave, another tab).
        if (!dialog.hidden) close();
        return schedule();
      }
      if (canStay && lastInteraction > lastServer) return stay();
      showWarning();
    });
  }

  function expire() {
    fetchStatus().then(function (status) {
      if (status && status.seconds_left * 1000 > warningMs) {
        apply(status);
        close();
        return schedule();
      }
      if (status === undefined && deadline > Date.now()) return schedule();
      showEnded();
    });
  }

  function stay() {
    return window
      .fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        redirect: "manual",
      })
      .then(function (response) {
        if (response.type === "opaqueredirect" || !response.ok) return null;
        return response.json();
      })
      .catch(function () {
        return null;
      })
      .then(function (status) {
        if (!status) return showEnded();
        apply(status);
        lastServer = Date.now();
        if (!dialog.hidden) close();
        schedule();
      });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    stay();
  });

  dialog.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && canStay && !ended) {
      event.preventDefault();
      stay();
    } else if (event.key === "Tab") {
      // One control at a time: focus stays on it.
      event.preventDefault();
      var control = ended ? signIn : canStay ? stayButton : title;
      control.focus();
    }
  });

  title.tabIndex = -1;
  schedule();
})();
