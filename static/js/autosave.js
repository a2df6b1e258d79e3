/* Autosave for small forms: each form[data-autosave] saves itself as you type.
 *
 * Built on the mechanism every long form shares (keep-typing.js): every change
 * is kept on this device at once, leaving with unsaved text asks first, and a
 * copy the server never got (lost connection, expired session) is restored and
 * sent when the page opens again. About a second after typing pauses the form
 * is posted to its own action with the version it was based on, marked
 * X-Autosave so that the server answers JSON:
 *
 *   200 {version, saved_at}         saved;
 *   409 {conflict, version, saved}  someone saved it meanwhile: nothing was
 *                                   overwritten, both versions are shown and
 *                                   the person chooses;
 *   400 {errors}                    the text cannot be saved as it is;
 *   a redirect (to sign in)         signed out: the text stays on the device.
 *
 * The form's [data-autosave-status] (role=status) says what happened, once per
 * change; its Save button saves at once. Without JavaScript the same form
 * posts with that button and the page comes back.
 *
 * Markup: <form data-autosave="<kind>:<id>:<user>" data-login-url="...">, a
 * hidden input named "*version", [data-autosave-status] and an empty
 * [data-autosave-conflict] (hidden, tabindex=-1).
 */
(function () {
  "use strict";

  var DEBOUNCE_MS = 1000;
  var RETRY_MS = 4000;

  function versionOf(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.type === "hidden" && /(^|-)version$/.test(el.name);
    })[0];
  }

  function labelFor(form, name) {
    var el = form.elements.namedItem(name);
    var first = el && el.length !== undefined && !el.tagName ? el[0] : el;
    if (!first) return name;
    var label = first.id && form.querySelector('label[for="' + first.id + '"]');
    return label ? label.textContent.replace("*", "").trim() : name;
  }

  function shown(form, name, value) {
    var el = form.elements.namedItem(name);
    if (Array.isArray(value)) return value.length ? "Yes" : "No";
    if (el && el.tagName === "SELECT") {
      var option = Array.prototype.filter.call(el.options, function (o) {
        return o.value === (value || "");
      })[0];
      return option ? option.textContent.trim() : value;
    }
    return value ? value : "(empty)";
  }

  function setup(form) {
    var versionInput = versionOf(form);
    var csrfInput = form.elements.namedItem("csrfmiddlewaretoken");
    var statusEl = form.querySelector("[data-autosave-status]");
    var conflictEl = form.querySelector("[data-autosave-conflict]");
    var keeper = window.senditKeep.keeper(form, {
      key: window.senditKeep.prefix + "autosave:" + form.dataset.autosave,
      version: versionInput
    });
    var debounce = null;
    var saving = null;
    var again = false;
    var dirty = false;
    var failing = false;
    var conflict = null;
    var signedOut = false;

    keeper.guard(function () {
      return (dirty || Boolean(saving) || Boolean(conflict)) && !signedOut;
    });

    function setStatus(text, link) {
      // Announced on every change of words only: retries stay quiet.
      if (statusEl.dataset.text === text) return;
      statusEl.dataset.text = text;
      statusEl.textContent = text;
      if (link) {
        statusEl.appendChild(document.createTextNode(" "));
        var a = document.createElement("a");
        a.href = link.href;
        a.textContent = link.text;
        statusEl.appendChild(a);
      }
    }

    function keep() {
      keeper.store(versionInput.value);
    }

    function changed() {
      dirty = true;
      keep();
      if (conflict || signedOut) return;
      window.clearTimeout(debounce);
      debounce = window.setTimeout(save, DEBOUNCE_MS);
    }

    function isSignedOut(response) {
      return response.type === "opaqueredirect" || response.status === 401 || response.status === 403 ||
        (response.status >= 300 && response.status < 400);
    }

    async function doSave() {
      window.clearTimeout(debounce);
      var sent = JSON.stringify(keeper.values());
      var response;
      try {
        response = await window.fetch(form.action, {
          method: "POST",
          body: new FormData(form),
          credentials: "same-origin",
          redirect: "manual",
          headers: { "X-Autosave": "1", "X-CSRFToken": csrfInput.value, Accept: "application/json" }
        });
      } catch (e) {
        failing = true;
        setStatus("Not saved: offline. Your text is kept on this device and will be sent when the connection is back.");
        return;
      }
      if (isSignedOut(response)) {
        signedOut = true;
        setStatus("Not saved: you have been signed out. Your text is kept on this device.", {
          href: form.dataset.loginUrl,
          text: "Sign in again to save it"
        });
        return;
      }
      var data = {};
      try {
        data = await response.json();
      } catch (e) {
        data = {};
      }
      if (response.status === 409 && data.conflict) {
        showConflict(data);
        return;
      }
      if (response.status === 400 && data.errors) {
        var messages = [];
        Object.keys(data.errors).forEach(function (name) {
          data.errors[name].forEach(function (message) {
            messages.push(message);
          });
        });
        setStatus("Not saved: " + messages.join(" "));
        return;
      }
      if (!response.ok) {
        failing = true;
        setStatus("Not saved: the server could not save just now. Your text is kept and will be sent again.");
        return;
      }
      failing = false;
      signedOut = false;
      versionInput.value = data.version;
      if (JSON.stringify(keeper.values()) === sent) {
        dirty = false;
        keeper.forget();
      } else {
        keep(); // typed while saving: keep the newer text, based on the new version
        again = true;
      }
      setStatus("Saved at " + data.saved_at + ".");
    }

    function save() {
      if (conflict) return Promise.resolve();
      if (saving) {
        again = true;
        return saving;
      }
      if (!failing) setStatus("Saving\u2026");
      saving = doSave().finally(function () {
        saving = null;
        if (again && !conflict) {
          again = false;
          save();
        }
      });
      return saving;
    }

    // Someone else saved meanwhile --------------------------------------------------

    function resolved(version) {
      versionInput.value = version;
      conflict = null;
      conflictEl.hidden = true;
      conflictEl.textContent = "";
    }

    function showConflict(data) {
      var mine = keeper.values();
      conflict = data;
      conflictEl.textContent = "";
      var h = document.createElement("p");
      h.className = "fw-semibold mb-2";
      h.textContent = "Not saved: someone else saved this since you opened it. Nothing was overwritten; choose which version to keep.";
      conflictEl.appendChild(h);
      var dl = document.createElement("dl");
      dl.className = "mb-2";
      Object.keys(data.saved).forEach(function (name) {
        if (!(name in mine) || JSON.stringify(mine[name]) === JSON.stringify(data.saved[name])) return;
        var dt = document.createElement("dt");
        dt.textContent = labelFor(form, name);
        dl.appendChild(dt);
        [["Yours", mine[name]], ["Saved", data.saved[name]]].forEach(function (pair) {
          var dd = document.createElement("dd");
          dd.className = "conflict-text mb-1";
          dd.textContent = pair[0] + ": " + shown(form, name, pair[1]);
          dl.appendChild(dd);
        });
      });
      conflictEl.appendChild(dl);
      var buttons = document.createElement("div");
      buttons.className = "d-flex flex-wrap gap-2";
      var keepMine = document.createElement("button");
      keepMine.type = "button";
      keepMine.className = "btn btn-primary btn-sm";
      keepMine.textContent = "Keep mine";
      keepMine.addEventListener("click", function () {
        // Now deliberately based on the saved version.
        resolved(data.version);
        keep();
        save();
      });
      var useSaved = document.createElement("button");
      useSaved.type = "button";
      useSaved.className = "btn btn-outline-dark btn-sm";
      useSaved.textContent = "Use the saved version";
      useSaved.addEventListener("click", function () {
        keeper.apply(data.saved);
        resolved(data.version);
        dirty = false;
        keeper.forget();
        setStatus("The saved version is shown.");
        var first = form.querySelector("textarea, input:not([type=hidden]), select");
        if (first) first.focus();
      });
      buttons.appendChild(keepMine);
      buttons.appendChild(useSaved);
      conflictEl.appendChild(buttons);
      conflictEl.hidden = false;
      setStatus("Not saved: changed elsewhere meanwhile.");
      conflictEl.focus();
    }

    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (conflict) {
        conflictEl.focus();
        return;
      }
      if (dirty || saving) {
        save();
      } else {
        setStatus("Everything is saved.");
      }
    });
    window.addEventListener("online", function () {
      if (dirty) save();
    });
    window.setInterval(function () {
      if (dirty && !saving && !conflict && !signedOut) save();
    }, RETRY_MS);

    // What this device kept and the server never got is restored, then sent.
    var kept = keeper.read();
    if (kept) {
      if (keeper.differs(kept)) {
        keeper.apply(kept.values);
        if (kept.version !== undefined) versionInput.value = kept.version;
        dirty = true;
        setStatus("Restored text kept on this device; saving\u2026");
        save();
      } else {
        keeper.forget();
      }
    }
  }

  if (!window.senditKeep) return;
  Array.prototype.forEach.call(document.querySelectorAll("form[data-autosave]"), setup);
})();
