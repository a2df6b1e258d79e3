/* Long choices that narrow as you type (#10): the observers of a walk (tick
 * boxes in sections) and the class of a visit (a dropdown in groups).
 *
 * The page works without this: every choice is listed, and the server checks
 * the limits. With it, a filter box appears above the list ([data-picker-search],
 * hidden in the HTML); typing keeps only the entries whose text, or
 * data-search, holds every word typed; sections or groups left empty go; the
 * number that match is said in the box's role=status line. Escape clears the
 * filter, Enter never submits the form from it, and the down arrow moves on to
 * the list. For tick boxes, a line says who is chosen and whether that is over
 * data-picker-limit.
 */
(function () {
  "use strict";

  var SAY_AFTER_MS = 350; // say the count once typing pauses, not at every key

  function words(text) {
    return (text || "").toLowerCase().split(/\s+/).filter(Boolean);
  }

  function matches(haystack, wanted) {
    return wanted.every(function (word) {
      return haystack.indexOf(word) !== -1;
    });
  }

  function counted(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  function picker(box) {
    var input = box.querySelector("[data-picker-input]");
    var status = box.querySelector("[data-picker-status]");
    var chosenLine = box.querySelector("[data-picker-chosen]");
    var one = box.dataset.pickerOne || "entry";
    var many = box.dataset.pickerMany || "entries";
    var limit = parseInt(box.dataset.pickerLimit || "0", 10);
    var select = box.querySelector("select");
    var timer = null;

    // A dropdown: keep its groups and options as the server gave them, and
    // rebuild it from them (hiding an <option> is not honoured everywhere).
    var groups = [];
    var placeholder = null;
    if (select) {
      Array.prototype.forEach.call(select.children, function (child) {
        if (child.tagName === "OPTGROUP") {
          groups.push({ node: child, options: Array.prototype.slice.call(child.children) });
        } else if (!child.value) {
          placeholder = child;
        } else {
          groups.push({ node: null, options: [child] });
        }
      });
    }
    var items = select ? [] : Array.prototype.slice.call(box.querySelectorAll("[data-picker-item]"));
    var sections = Array.prototype.slice.call(box.querySelectorAll("[data-picker-section]"));
    var list = box.querySelector("[data-picker-list]");

    function textOf(el) {
      return ((el.dataset.search || "") + " " + el.textContent).toLowerCase();
    }

    function total() {
      if (!select) return items.length;
      return groups.reduce(function (n, g) {
        return n + g.options.length;
      }, 0);
    }

    function filterSelect(wanted) {
      var shown = 0;
      var chosen = select.value;
      while (select.firstChild) select.removeChild(select.firstChild);
      if (placeholder) select.appendChild(placeholder);
      groups.forEach(function (group) {
        var keep = group.options.filter(function (option) {
          return option.value === chosen || matches(textOf(option), wanted);
        });
        shown += keep.filter(function (option) {
          return matches(textOf(option), wanted);
        }).length;
        if (!keep.length) return;
        if (group.node) {
          while (group.node.firstChild) group.node.removeChild(group.node.firstChild);
          keep.forEach(function (option) {
            group.node.appendChild(option);
          });
          select.appendChild(group.node);
        } else {
          select.appendChild(keep[0]);
        }
      });
      select.value = chosen;
      return shown;
    }

    function filterItems(wanted) {
      var shown = 0;
      items.forEach(function (item) {
        var keep = matches(textOf(item), wanted);
        item.hidden = !keep;
        if (keep) shown++;
      });
      sections.forEach(function (section) {
        section.hidden = !section.querySelector("[data-picker-item]:not([hidden])");
      });
      if (list) list.hidden = !shown; // no empty box when nothing matches
      return shown;
    }

    function sayChosen() {
      if (!chosenLine) return;
      var names = items
        .filter(function (item) {
          var box = item.querySelector("input[type=checkbox]");
          return box && box.checked;
        })
        .map(function (item) {
          return item.dataset.pickerName;
        });
      if (!names.length) {
        chosenLine.textContent = "Nobody chosen yet.";
      } else if (limit && names.length > limit) {
        chosenLine.textContent =
          "Chosen: " + names.join(", ") + ". That is " + names.length +
          ", more than the school's limit of " + limit + ": untick " + (names.length - limit) + ".";
      } else {
        chosenLine.textContent =
          "Chosen: " + names.join(", ") + (limit ? " (" + names.length + " of at most " + limit + ")." : ".");
      }
    }

    function filter() {
      var wanted = words(input.value);
      var shown = select ? filterSelect(wanted) : filterItems(wanted);
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        if (!wanted.length) {
          status.textContent = "All " + counted(total(), one, many) + " listed.";
        } else if (!shown) {
          status.textContent = "No " + many + " match \u201c" + input.value.trim() + "\u201d.";
        } else {
          status.textContent =
            counted(shown, one, many) + " " + (shown === 1 ? "matches" : "match") +
            " \u201c" + input.value.trim() + "\u201d.";
        }
      }, SAY_AFTER_MS);
    }

    function firstChoice() {
      if (select) return select;
      var item = items.filter(function (i) {
        return !i.hidden;
      })[0];
      return item && item.querySelector("input");
    }

    input.addEventListener("input", filter);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault(); // a filter box never submits the form
      } else if (event.key === "Escape" && input.value) {
        event.preventDefault();
        input.value = "";
        filter();
      } else if (event.key === "ArrowDown") {
        var next = firstChoice();
        if (next) {
          event.preventDefault();
          next.focus();
        }
      }
    });
    if (!select) {
      box.addEventListener("change", sayChosen);
      sayChosen();
    }
    box.querySelector("[data-picker-search]").hidden = false;
    box.classList.add("picker-ready");
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-picker]"), picker);
})();
