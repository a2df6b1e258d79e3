/* Observation capture: autosave that never loses a note.
 *
 * Every change is written to localStorage at once (keyed by the observation),
 * then posted to the server about a second after typing pauses, with the
 * version it was based on. A failed save keeps the text on the page and on
 * the device and is retried; a save refused because the record changed
 * elsewhere (409) shows both versions for the observer to merge; a save that
 * meets an expired session asks the observer to sign in again, and the page
 * they come back to restores and sends what was kept. Without JavaScript the
 * same form posts with an ordinary Save button.
 *
 * The fields the teacher reads are checked against the school's list of
 * judgemental words (the page carries it as JSON, so the check works offline
 * too) and the flags are shown under each field as the observer types; the
 * server flags the same words on save and when the record is completed.
 */
(function () {
  "use strict";

  var form = document.querySelector("form[data-capture]");
  if (!form) return;
  // Before the visit's day, or once released, the page is read-only.
  var closed = form.hasAttribute("data-closed");

  var DEBOUNCE_MS = 1000;
  var RETRY_MS = 3000;
  // Keyed by visit and observer: the record itself is made by the first save.
  var storageKey = "sendit:capture:" + form.dataset.storageKey;
  var statusEl = document.getElementById("save-status");
  var versionInput = form.elements.namedItem("version");
  var csrfInput = form.elements.namedItem("csrfmiddlewaretoken");
  var panel = document.getElementById("conflict-panel");
  var rowsEl = document.getElementById("conflict-rows");
  var debounce = null;
  var saving = null;
  var again = false;
  var dirty = false;
  var conflict = null; // {version, saved} while the observer merges
  var signedOut = false;

  // The copy on this device, warn-before-leaving and restoring are the shared
  // mechanism of every long form (keep-typing.js); capture adds the autosave.
  var keeper = window.senditKeep.keeper(form, {
    key: storageKey,
    version: versionInput,
    accept: function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && el.name !== "version" && el.name !== "action";
    },
    afterApply: function () {
      if (checked) checked.forEach(showFlags);
      if (learners) countMarked(false);
    }
  });
  var values = keeper.values;
  var apply = keeper.apply;

  function keep() {
    keeper.store(Number(versionInput.value));
  }

  function forget() {
    keeper.forget();
  }

  // Unsaved notes are kept on the device either way; signed out, the way back
  // is to sign in, so following that link is not asked about.
  keeper.guard(function () {
    return !closed && (dirty || Boolean(saving) || Boolean(conflict)) && !signedOut;
  });

  var failing = false;

  function setStatus(text, link) {
    // Screen readers announce every change: never repeat the same words on
    // each retry, and stay quiet about retries while the last one failed.
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

  function changed() {
    if (closed) return;
    dirty = true;
    keep();
    if (conflict || signedOut) return;
    window.clearTimeout(debounce);
    debounce = window.setTimeout(save, DEBOUNCE_MS);
  }

  function post(action) {
    var body = new FormData(form);
    body.set("action", action);
    return window.fetch(window.location.pathname, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      redirect: "manual",
      headers: { "X-Autosave": "1", "X-CSRFToken": csrfInput.value, Accept: "application/json" }
    });
  }

  function isSignedOut(response) {
    return response.type === "opaqueredirect" || response.status === 401 || response.status === 403 ||
      (response.status >= 300 && response.status < 400);
  }

  function showSignedOut() {
    signedOut = true;
    setStatus("Not saved: you have been signed out. Your notes are kept on this device.", {
      href: form.dataset.loginUrl,
      text: "Sign in again to save them"
    });
  }

  async function doSave() {
    window.clearTimeout(debounce);
    var sent = JSON.stringify(values());
    var response;
    try {
      response = await post("save");
    } catch (e) {
      failing = true;
      setStatus("Not saved: offline, your notes are kept on this device and will be sent when the connection is back.");
      return;
    }
    if (isSignedOut(response)) {
      showSignedOut();
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
    if (response.status === 409 && data.not_yet) {
      setStatus("Not saved: " + data.not_yet);
      return;
    }
    if (response.status === 409 && data.locked) {
      setStatus("Not saved: this record has been released to the teacher and is locked.");
      return;
    }
    if (!response.ok) {
      failing = true;
      setStatus("Not saved: the server could not save just now. Your notes are kept and will be sent again.");
      return;
    }
    signedOut = false;
    failing = false;
    versionInput.value = data.version;
    if (JSON.stringify(values()) === sent) {
      dirty = false;
      forget();
    } else {
      keep(); // typed while saving: keep the newer text, based on the new version
      again = true;
    }
    setStatus("Saved " + data.saved_at);
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

  // Merging after a refused save -------------------------------------------------

  function labelFor(name) {
    var el = form.elements.namedItem(name);
    var first = el && el.length !== undefined && !el.tagName ? el[0] : el;
    if (!first) return name;
    if (first.type === "radio") {
      var fieldset = first.closest("fieldset");
      var legend = fieldset && fieldset.querySelector("legend");
      var learner = first.closest("details[data-learner]");
      var heading = learner && learner.querySelector("[data-learner-label]");
      var text = legend ? legend.textContent.trim() : name;
      return heading ? heading.textContent.trim() + ": " + text : text;
    }
    var label = form.querySelector('label[for="' + first.id + '"]');
    return label ? label.textContent.replace("*", "").trim() : name;
  }

  function shown(name, value) {
    var el = form.querySelector('input[type="radio"][name="' + name + '"][value="' + (value || "") + '"]');
    if (el) {
      var label = form.querySelector('label[for="' + el.id + '"]');
      return label ? label.textContent.trim() : value;
    }
    return value ? value : "(empty)";
  }

  function isText(name) {
    var el = form.elements.namedItem(name);
    return el && el.tagName === "TEXTAREA";
  }

  function choose(name, value, row) {
    var vals = {};
    vals[name] = value;
    apply(vals);
    keep();
    row.classList.add("conflict-resolved");
    row.querySelector(".conflict-choice").textContent = "Chosen.";
  }

  function showConflict(data) {
    var mine = values();
    conflict = data;
    rowsEl.textContent = "";
    Object.keys(Object.assign({}, mine, data.saved)).forEach(function (name) {
      var yours = (mine[name] || "").trim();
      var theirs = (data.saved[name] || "").trim();
      if (!(name in mine) || yours === theirs) return;
      var row = document.createElement("div");
      row.className = "conflict-row card card-body mb-2";
      var h = document.createElement("h3");
      h.className = "h6";
      h.textContent = labelFor(name);
      row.appendChild(h);
      var dl = document.createElement("dl");
      dl.className = "row mb-2";
      [["Your version", shown(name, mine[name])], ["Saved version", shown(name, data.saved[name])]].forEach(function (pair) {
        var dt = document.createElement("dt");
        dt.className = "col-sm-3";
        dt.textContent = pair[0];
        var dd = document.createElement("dd");
        dd.className = "col-sm-9 conflict-text";
        dd.textContent = pair[1];
        dl.appendChild(dt);
        dl.appendChild(dd);
      });
      row.appendChild(dl);
      var buttons = document.createElement("div");
      buttons.className = "d-flex flex-wrap gap-2";
      var options = [["Keep mine", mine[name] || ""], ["Use the saved version", data.saved[name] || ""]];
      if (isText(name) && yours && theirs) {
        options.push(["Keep both", (mine[name] || "").trim() + "\n" + (data.saved[name] || "").trim()]);
      }
      options.forEach(function (option) {
        var b = document.createElement("button");
        b.type = "button";
        b.className = "btn btn-outline-dark";
        b.textContent = option[0];
        b.setAttribute("aria-label", option[0] + ": " + labelFor(name));
        b.addEventListener("click", function () {
          choose(name, option[1], row);
        });
        buttons.appendChild(b);
      });
      var note = document.createElement("p");
      note.className = "conflict-choice mb-0 ms-2 align-self-center";
      note.setAttribute("aria-live", "polite");
      buttons.appendChild(note);
      row.appendChild(buttons);
      rowsEl.appendChild(row);
    });
    panel.hidden = false;
    setStatus("Not saved: this record was changed elsewhere. Both versions are shown so that you can choose.");
    panel.focus();
  }

  document.getElementById("conflict-save").addEventListener("click", function () {
    if (!conflict) return;
    // The merged text is now deliberately based on the saved version.
    versionInput.value = conflict.version;
    conflict = null;
    panel.hidden = true;
    keep();
    save();
  });

  // The visit's clock ----------------------------------------------------------

  var timerEl = document.getElementById("capture-timer");
  var enterButton = document.getElementById("enter-room");

  function two(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function tick() {
    var at = timerEl.dataset.enteredAt;
    if (!at) return;
    var planned = Number(timerEl.dataset.minutes);
    // A completed record's clock stops when it was completed; a visit never
    // runs for hours, so an old record reads as over rather than counting on.
    var stopped = timerEl.dataset.stoppedAt;
    var end = stopped ? new Date(stopped).getTime() : Date.now();
    var seconds = Math.max(0, Math.floor((end - new Date(at).getTime()) / 1000));
    if (seconds > 3 * 60 * 60) {
      timerEl.textContent = "The visit is over (" + planned + " minutes were planned)";
      timerEl.classList.remove("capture-timer-over");
      return;
    }
    var text = "Time in the room: " + Math.floor(seconds / 60) + ":" + two(seconds % 60) + " of " + planned + ":00 planned";
    if (seconds > planned * 60) text += " (over the planned time)";
    timerEl.textContent = text;
    timerEl.classList.toggle("capture-timer-over", seconds > planned * 60);
  }

  async function enterRoom() {
    var response;
    try {
      response = await post("enter");
    } catch (e) {
      // Offline: start the clock here anyway; the record catches up later.
      timerEl.dataset.enteredAt = new Date().toISOString();
      tick();
      return;
    }
    if (isSignedOut(response)) {
      showSignedOut();
      return;
    }
    var data = await response.json();
    timerEl.dataset.enteredAt = data.entered_room_at;
    if (enterButton) enterButton.remove();
    tick();
  }

  window.setInterval(tick, 1000);
  tick();

  // The coach's word check ------------------------------------------------------

  var words = [];
  try {
    words = JSON.parse(document.getElementById("judgemental-words").textContent) || [];
  } catch (e) {
    words = [];
  }
  // The same matching as feedback/coach.py: whole words, any case, and the
  // words of a phrase separated by any run of spaces.
  var patterns = words.filter(function (w) {
    return w.word && w.word.trim();
  }).map(function (w) {
    var parts = w.word.trim().split(/\s+/).map(function (part) {
      return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    });
    return { word: w.word.trim(), suggestion: w.suggestion, re: new RegExp("\\b" + parts.join("\\s+") + "\\b", "i") };
  });

  function flagsFor(text) {
    return patterns.filter(function (p) {
      return p.re.test(text || "");
    });
  }

  function showFlags(el) {
    var box = document.getElementById(el.dataset.coachCheck);
    if (!box) return;
    var found = flagsFor(el.value);
    var key = found.map(function (f) { return f.word; }).join("|");
    // Announce only when the flags change, not on every key press.
    if (box.dataset.shown === key) return;
    box.dataset.shown = key;
    box.textContent = "";
    if (!found.length) return;
    var p = document.createElement("p");
    p.className = "mb-1 fw-semibold";
    p.textContent = "May read as a judgement (the teacher reads this):";
    box.appendChild(p);
    var ul = document.createElement("ul");
    ul.className = "mb-0";
    found.forEach(function (f) {
      var li = document.createElement("li");
      var strong = document.createElement("strong");
      strong.textContent = f.word;
      li.appendChild(strong);
      if (f.suggestion) li.appendChild(document.createTextNode(": " + f.suggestion));
      ul.appendChild(li);
    });
    box.appendChild(ul);
  }

  var checked = Array.prototype.filter.call(form.elements, function (el) {
    return el.dataset && el.dataset.coachCheck;
  });
  checked.forEach(function (el) {
    var box = document.getElementById(el.dataset.coachCheck);
    if (box) box.dataset.shown = flagsFor(el.value).map(function (f) { return f.word; }).join("|");
    el.addEventListener("input", function () {
      showFlags(el);
    });
  });

  // Finding the way on a long page -----------------------------------------------
  // Eight learners with five strategies each make a long page: each learner
  // folds into a <details> whose summary counts the strategies marked, the
  // links "On this page" open and focus what they jump to, and the bar at the
  // bottom (clock, save status, Save) stays in view.

  var learners = Array.prototype.slice.call(document.querySelectorAll("details[data-learner]"));
  var countStatus = document.getElementById("learner-count-status");
  var bar = document.getElementById("capture-bar");

  function countMarked(announce) {
    learners.forEach(function (details) {
      var marked = details.querySelectorAll('input[type="radio"]:checked:not([value=""])').length;
      if (String(marked) === details.dataset.marked) return;
      details.dataset.marked = String(marked);
      var n = details.dataset.learner;
      var total = Number(details.dataset.total);
      document.querySelectorAll('[data-marked-of="' + n + '"]').forEach(function (el) {
        el.textContent = String(marked);
      });
      document.querySelectorAll('[data-count-of="' + n + '"]').forEach(function (el) {
        el.classList.toggle("is-all-marked", marked === total);
      });
      // Said once when the count changes, not on every tap that leaves it as it was.
      if (announce && countStatus) {
        var label = details.querySelector("[data-learner-label]");
        countStatus.textContent = (label ? label.textContent.trim() + ": " : "") + marked + " of " + total + " marked";
      }
    });
  }

  function prefersLessMotion() {
    return window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  }

  function jumpTo(target) {
    var focusable = target;
    if (target.tagName === "DETAILS") {
      target.open = true;
      focusable = target.querySelector("summary") || target;
    }
    focusable.focus({ preventScroll: true });
    target.scrollIntoView({ behavior: prefersLessMotion() ? "auto" : "smooth", block: "start" });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-jump]") : null;
    if (!link || !link.hash) return;
    var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!target) return;
    event.preventDefault();
    if (window.history && window.history.replaceState) window.history.replaceState(null, "", link.hash);
    jumpTo(target);
  });

  // A link from elsewhere to one learner opens them.
  if (window.location.hash) {
    var linked = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
    if (linked && linked.tagName === "DETAILS") linked.open = true;
  }

  if (bar) {
    var root = document.documentElement;
    var measure = function () {
      root.style.setProperty("--capture-bar-height", bar.offsetHeight + "px");
    };
    measure();
    if (window.ResizeObserver) new window.ResizeObserver(measure).observe(bar);
    // scroll-padding covers most focus moves; a toggle's radio is hidden behind
    // its label, so check the label it stands for and lift it clear of the bar.
    document.addEventListener("focusin", function (event) {
      var el = event.target;
      // The bar itself, and what holds it (a tap on plain text focuses <main>), are left alone.
      if (!el.getBoundingClientRect || bar.contains(el) || el.contains(bar)) return;
      if (el.classList.contains("btn-check") && el.id) {
        el = document.querySelector('label[for="' + el.id + '"]') || el;
      }
      var box = el.getBoundingClientRect();
      var barBox = bar.getBoundingClientRect();
      var lift = box.bottom - barBox.top + 16;
      // Lift it clear unless that would push its top off the screen.
      if (box.bottom > barBox.top && box.top < barBox.bottom && box.top - lift >= 0) {
        window.scrollBy({ top: lift, behavior: "auto" });
      }
    });
  }

  // Wiring ---------------------------------------------------------------------

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("change", function (event) {
    if (event.target.closest && event.target.closest("details[data-learner]")) countMarked(true);
  });
  form.addEventListener("submit", async function (event) {
    if (form.dataset.submitting) return;
    event.preventDefault();
    var action = event.submitter ? event.submitter.value : "save";
    if (action === "enter") {
      enterRoom();
      return;
    }
    if (dirty || saving) {
      await save();
    } else if (action === "save") {
      // Pressing Save is answered even when autosave has already done it.
      setStatus(Number(versionInput.value) ? "Everything is saved." : "Nothing to save yet.");
    }
    if (action === "save") return;
    if (dirty || conflict || signedOut) {
      setStatus("Not completed yet: the record must be saved first. Your notes are kept.");
      return;
    }
    var hidden = document.createElement("input");
    hidden.type = "hidden";
    hidden.name = "action";
    hidden.value = action;
    form.appendChild(hidden);
    form.dataset.submitting = "1";
    keeper.allowLeave();
    form.submit();
  });
  window.addEventListener("online", function () {
    if (dirty) save();
  });
  window.setInterval(function () {
    if (dirty && !saving && !conflict && !signedOut) save();
  }, RETRY_MS);

  // Restore what this device kept but the server never got (a lost connection,
  // an expired session), then send it.
  var kept = keeper.read();
  if (!closed && kept) {
    if (keeper.differs(kept)) {
      apply(kept.values);
      versionInput.value = kept.version;
      dirty = true;
      setStatus("Restored notes kept on this device; saving\u2026");
      save();
    } else {
      forget();
    }
  }
})();
