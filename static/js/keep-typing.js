/* Nothing typed is lost: the one mechanism every long form uses.
 *
 * A form opts in with data-keep="<kind>:<object>:<user>" (rendered by the
 * server, so two people on one shared computer never share a copy) and the
 * restore banner (templates/includes/keep_banner.html). Then:
 *
 * - every change keeps a copy on this device (localStorage, debounced), with
 *   the version the form was based on and when it was taken;
 * - leaving the page while the form holds text the server has not saved asks
 *   the browser's "leave this page?" question;
 * - coming back (after following a link, or after an expired session made the
 *   person sign in again and ?next= brought them here) offers the copy:
 *   "Restore it" fills the fields, "Discard it" forgets it. If the record was
 *   saved again since the copy was taken, restoring keeps the old version
 *   number so that saving shows both versions, and the banner says so;
 * - a successful submit forgets the copy (the page after it is not the sign-in
 *   page, or is this form showing the saved text), and signing out forgets
 *   every copy on the device.
 *
 * The observation capture form (capture.js) keeps its copy through the same
 * functions, autosaves to the server and restores without asking.
 */
(function () {
  "use strict";

  // Once per page. A second run would take the text on the page for the
  // saved record and forget the copy (this happened when a panel fetched
  // after the session ended swapped the sign-in page, scripts and all, in).
  if (window.senditKeep) return;

  var PREFIX = "sendit:";
  var KEEP_PREFIX = PREFIX + "keep:";
  var PENDING = PREFIX + "keep-pending";
  var DEBOUNCE_MS = 400;
  var PENDING_MS = 2 * 60 * 1000; // a submit is answered well within this
  var OLDEST_MS = 30 * 24 * 60 * 60 * 1000; // copies older than this are dropped

  var script = document.currentScript;
  var loginUrl = (script && script.dataset.loginUrl) || "/accounts/login/";
  var logoutUrl = (script && script.dataset.logoutUrl) || "/accounts/logout/";
  // The sign-in code page (two-step sign-in) is part of signing in again.
  var codeUrl = (script && script.dataset.signInCodeUrl) || "/accounts/2fa/authenticate/";

  function local() {
    try {
      return window.localStorage;
    } catch (e) {
      return null; // private browsing may refuse storage; the page still works
    }
  }

  function session() {
    try {
      return window.sessionStorage;
    } catch (e) {
      return null;
    }
  }

  function read(key) {
    var store = local();
    if (!store) return null;
    try {
      var kept = JSON.parse(store.getItem(key) || "null");
      return kept && kept.values ? kept : null;
    } catch (e) {
      return null;
    }
  }

  function write(key, kept) {
    var store = local();
    if (!store) return;
    try {
      store.setItem(key, JSON.stringify(kept));
    } catch (e) {
      // Storage full or refused: the text is still on the page.
    }
  }

  function forget(key) {
    var store = local();
    if (store) store.removeItem(key);
  }

  function forgetAll() {
    [local(), session()].forEach(function (store) {
      if (!store) return;
      for (var i = store.length - 1; i >= 0; i--) {
        var name = store.key(i);
        if (name && name.indexOf(PREFIX) === 0) store.removeItem(name);
      }
    });
  }

  function pathOf(url) {
    try {
      return new URL(url, window.location.href).pathname;
    } catch (e) {
      return url;
    }
  }

  // Fields --------------------------------------------------------------------

  var SKIPPED_TYPES = ["hidden", "submit", "button", "reset", "file", "password"];

  function defaultField(el) {
    return el.name && el.name !== "csrfmiddlewaretoken" && SKIPPED_TYPES.indexOf(el.type) === -1;
  }

  function fieldsOf(form, accept) {
    return Array.prototype.filter.call(form.elements, accept || defaultField);
  }

  function valuesOf(form, accept) {
    var out = {};
    fieldsOf(form, accept).forEach(function (el) {
      if (el.type === "radio") {
        if (!(el.name in out)) out[el.name] = "";
        if (el.checked) out[el.name] = el.value;
      } else if (el.type === "checkbox") {
        if (!(el.name in out)) out[el.name] = [];
        if (el.checked) out[el.name].push(el.value);
      } else if (el.tagName === "SELECT" && el.multiple) {
        out[el.name] = Array.prototype.filter.call(el.options, function (o) {
          return o.selected;
        }).map(function (o) {
          return o.value;
        });
      } else {
        out[el.name] = el.value;
      }
    });
    return out;
  }

  function applyTo(form, vals, accept) {
    fieldsOf(form, accept).forEach(function (el) {
      if (!(el.name in vals)) return;
      var v = vals[el.name];
      if (el.type === "radio") {
        el.checked = el.value === (v || "");
      } else if (el.type === "checkbox") {
        el.checked = Array.isArray(v) ? v.indexOf(el.value) !== -1 : Boolean(v);
      } else if (el.tagName === "SELECT" && el.multiple) {
        Array.prototype.forEach.call(el.options, function (o) {
          o.selected = Array.isArray(v) && v.indexOf(o.value) !== -1;
        });
      } else {
        el.value = v || "";
      }
    });
  }

  function same(a, b) {
    var s = function (v) {
      return Array.isArray(v) ? v.join("\u0000") : (v || "");
    };
    return s(a) === s(b);
  }

  // True when the kept values hold something the page does not.
  function differs(kept, now) {
    return Object.keys(kept).some(function (name) {
      return name in now && !same(kept[name], now[name]);
    });
  }

  function when(at) {
    var d = new Date(at);
    if (isNaN(d.getTime())) return "earlier";
    var time = d.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
    var today = new Date();
    if (d.toDateString() === today.toDateString()) return time;
    return d.toLocaleDateString("en-GB", { day: "numeric", month: "long" }) + ", " + time;
  }

  // Leaving -----------------------------------------------------------------

  var guards = [];
  var flushers = [];
  var leaving = false;

  function flushAll() {
    flushers.forEach(function (flush) {
      flush();
    });
  }

  // What was typed in the last moments before leaving is kept too.
  window.addEventListener("pagehide", flushAll);
  window.addEventListener("beforeunload", function (event) {
    flushAll();
    if (leaving) return;
    var unsaved = guards.some(function (guard) {
      return guard();
    });
    if (!unsaved) return;
    event.preventDefault();
    event.returnValue = ""; // older browsers need a value to ask
  });

  function allowLeave() {
    leaving = true;
    // Staying after all (a refused submit shows the same page again): ask next time.
    window.setTimeout(function () {
      leaving = false;
    }, 1000);
  }

  function markPending(key) {
    var store = session();
    if (store) store.setItem(PENDING, JSON.stringify({ key: key, path: window.location.pathname, at: Date.now() }));
  }

  function takePending() {
    var store = session();
    if (!store) return null;
    var pending = null;
    try {
      pending = JSON.parse(store.getItem(PENDING) || "null");
    } catch (e) {
      pending = null;
    }
    return pending;
  }

  // The keeper: one per form ------------------------------------------------------

  /* options: key (the full storage key), accept (which fields), version (the
   * version input or null), afterApply (called after fields are filled). */
  function keeper(form, options) {
    options = options || {};
    var key = options.key;
    var accept = options.accept;
    var versionInput = options.version === undefined ? form.elements.namedItem("version") : options.version;
    var timer = null;

    var api = {
      key: key,
      values: function () {
        return valuesOf(form, accept);
      },
      apply: function (vals) {
        applyTo(form, vals, accept);
        if (options.afterApply) options.afterApply(vals);
      },
      read: function () {
        return read(key);
      },
      // Keep a copy now; version defaults to the one the form is based on.
      store: function (version) {
        window.clearTimeout(timer);
        timer = null;
        var kept = {
          values: api.values(),
          at: new Date().toISOString()
        };
        var base = version !== undefined ? version : versionInput ? versionInput.value : null;
        if (base !== null && base !== undefined) kept.version = base;
        write(key, kept);
      },
      storeSoon: function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(function () {
          api.store();
        }, DEBOUNCE_MS);
      },
      flush: function () {
        if (timer) api.store();
      },
      forget: function () {
        window.clearTimeout(timer);
        timer = null;
        forget(key);
      },
      differs: function (kept) {
        return differs(kept.values || kept, api.values());
      },
      guard: function (fn) {
        guards.push(fn);
      },
      allowLeave: allowLeave,
      submitting: function () {
        api.flush();
        markPending(key);
        allowLeave();
      }
    };
    flushers.push(api.flush);
    return api;
  }

  // Plain forms: data-keep ------------------------------------------------------

  function unsavedPage() {
    // The server showed the form again (a problem to fix, or a save refused by
    // the version check): what is in it is the person's, not the saved record.
    return Boolean(document.querySelector("[data-error-summary], #server-conflict"));
  }

  function banner(kept, moved, keep) {
    var box = document.querySelector("[data-keep-banner]");
    if (!box) return;
    var inner = box.querySelector(".keep-banner");
    box.querySelector("[data-keep-time]").textContent = when(kept.at);
    var note = box.querySelector("[data-keep-note]");
    note.textContent = moved
      ? "This was saved again since then. Restoring puts your text in the form; saving then shows both versions so you can choose."
      : "";
    var restore = box.querySelector("[data-keep-restore]");
    var discard = box.querySelector("[data-keep-discard]");
    var done = box.querySelector("[data-keep-done]");
    inner.hidden = false;
    restore.addEventListener("click", function () {
      keep.apply(kept.values);
      // Based on what the copy was based on: the server's check sees any change since.
      var versionInput = keep.versionInput;
      if (versionInput && kept.version !== undefined) versionInput.value = kept.version;
      keep.store(kept.version);
      inner.hidden = true;
      done.textContent = moved
        ? "Your text is back in the form. It is not saved yet; saving shows both versions."
        : "Your text is back in the form. It is not saved yet.";
      var first = keep.firstField();
      if (first) first.focus();
    });
    discard.addEventListener("click", function () {
      keep.forget();
      inner.hidden = true;
      done.textContent = "The unsaved text was discarded.";
    });
  }

  function protect(form) {
    var key = KEEP_PREFIX + form.dataset.keep;
    var keep = keeper(form, { key: key });
    keep.versionInput = form.elements.namedItem("version");
    keep.firstField = function () {
      return fieldsOf(form).filter(function (el) {
        return !el.disabled && el.type !== "radio" && el.type !== "checkbox";
      })[0];
    };
    var unsaved = unsavedPage();
    var rendered = keep.values(); // what the server rendered
    var kept = keep.read();
    if (kept && kept.at && Date.now() - new Date(kept.at).getTime() > OLDEST_MS) {
      keep.forget();
      kept = null;
    }
    if (kept) {
      if (!keep.differs(kept)) {
        // The page already holds this text: saved, or shown again to fix.
        if (!unsaved) keep.forget();
      } else {
        var moved = Boolean(keep.versionInput && kept.version !== undefined && String(kept.version) !== keep.versionInput.value);
        banner(kept, moved, keep);
      }
    }
    keep.guard(function () {
      return unsaved || differs(rendered, keep.values());
    });
    form.addEventListener("input", keep.storeSoon);
    form.addEventListener("change", keep.storeSoon);
    form.addEventListener("submit", function (event) {
      if (event.defaultPrevented) return;
      keep.submitting();
    });
    return keep;
  }

  // Every page ------------------------------------------------------------------

  var pending = takePending();
  if (pending) {
    var fresh = Date.now() - pending.at < PENDING_MS;
    var here = window.location.pathname;
    if (!fresh) {
      session().removeItem(PENDING);
    } else if (here === pathOf(loginUrl) || here === pathOf(codeUrl)) {
      // Signed out meanwhile: the copy waits for the person to come back.
    } else {
      session().removeItem(PENDING);
      var again = document.querySelector('form[data-keep="' + String(pending.key).slice(KEEP_PREFIX.length) + '"]');
      // Any other page means the submit was saved; the same form decides for itself.
      if (!again) forget(pending.key);
    }
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form && form.getAttribute && pathOf(form.getAttribute("action") || "") === pathOf(logoutUrl)) {
      forgetAll();
    }
  });

  window.senditKeep = { keeper: keeper, prefix: PREFIX };

  Array.prototype.forEach.call(document.querySelectorAll("form[data-keep]"), protect);
})();
