/* The strategy and target lists of the profile form
 * (templates/pupils/profile_edit_lines.html). Without this script "Move up",
 * "Move down" and "Add another" submit the form and the server sends it back
 * rearranged; with it they act in place: the row moves, the hidden position
 * numbers follow the rows as shown, focus stays on the moved row's button and
 * the change is announced in the list's role=status region. Field names never
 * change, so a kept copy (keep-typing.js) still fits its fields.
 */
(function () {
  "use strict";

  function setUp(fieldset) {
    var prefix = fieldset.getAttribute("data-lines");
    var noun = fieldset.getAttribute("data-noun");
    var most = parseInt(fieldset.getAttribute("data-max"), 10) || 1000;
    var list = fieldset.querySelector("[data-lines-list]");
    var status = fieldset.querySelector("[data-lines-status]");
    var template = fieldset.querySelector("[data-lines-template]");
    var addButton = fieldset.querySelector("[data-lines-add]");
    var total = fieldset.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');

    function rows() {
      return Array.prototype.slice.call(list.querySelectorAll("[data-line]"));
    }

    function nameOf(row, position) {
      var text = row.querySelector("[data-line-text]").value.trim();
      return text || noun.toLowerCase() + " " + position;
    }

    function announce(message) {
      // Emptied first so that the same words twice are announced twice.
      status.textContent = "";
      window.setTimeout(function () {
        status.textContent = message;
      }, 50);
    }

    function renumber() {
      var all = rows();
      all.forEach(function (row, i) {
        var position = i + 1;
        row.querySelector("[data-line-order]").value = String(position);
        row.querySelectorAll("[data-line-number]").forEach(function (span) {
          span.textContent = String(position);
        });
        var up = row.querySelector('[data-move="up"]');
        var down = row.querySelector('[data-move="down"]');
        up.setAttribute("aria-label", "Move " + nameOf(row, position) + " up");
        down.setAttribute("aria-label", "Move " + nameOf(row, position) + " down");
        up.disabled = i === 0;
        down.disabled = i === all.length - 1;
      });
    }

    list.addEventListener("click", function (event) {
      var button = event.target.closest("[data-move]");
      if (!button) return;
      event.preventDefault();
      var row = button.closest("[data-line]");
      var direction = button.getAttribute("data-move");
      if (direction === "up" && row.previousElementSibling) {
        list.insertBefore(row, row.previousElementSibling);
      } else if (direction === "down" && row.nextElementSibling) {
        list.insertBefore(row.nextElementSibling, row);
      } else {
        return;
      }
      renumber();
      var all = rows();
      var position = all.indexOf(row) + 1;
      // Focus stays with the moved row; at the top or bottom its other button.
      var focus = button.disabled ? row.querySelector('[data-move]:not([disabled])') : button;
      if (focus) focus.focus();
      announce(
        nameOf(row, position) + " moved " + direction + " to position " + position + " of " + all.length + "."
      );
      row.dispatchEvent(new Event("change", { bubbles: true })); // keep-typing notes the change
    });

    // The accessible names of the buttons follow the text as it is typed.
    list.addEventListener("input", function (event) {
      if (event.target.matches("[data-line-text]")) renumber();
    });

    if (addButton && template && total) {
      addButton.addEventListener("click", function (event) {
        event.preventDefault();
        var index = parseInt(total.value, 10) || 0;
        if (index >= most) return;
        var html = template.innerHTML.replace(/__prefix__/g, String(index));
        list.insertAdjacentHTML("beforeend", html);
        total.value = String(index + 1);
        renumber();
        var all = rows();
        var added = all[all.length - 1];
        added.querySelector("[data-line-text]").focus();
        if (index + 1 >= most) addButton.hidden = true;
        announce(noun + " " + all.length + " added: it is the last line.");
      });
    }
  }

  document.querySelectorAll("[data-lines]").forEach(setUp);
})();
