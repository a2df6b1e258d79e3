/* The account menu in the header (templates/base.html): without JavaScript a
 * link to the account page; with it, a button that shows and hides the list
 * (aria-expanded). Escape closes it and puts focus back on the button; a
 * click elsewhere, or moving focus out of it, closes it too. */
(function () {
  "use strict";

  var menu = document.querySelector("[data-account-menu]");
  if (!menu) return;
  var link = menu.querySelector("[data-account-link]");
  var button = menu.querySelector("[data-account-button]");
  var list = document.getElementById(button.getAttribute("aria-controls"));

  function isOpen() {
    return button.getAttribute("aria-expanded") === "true";
  }

  function open() {
    button.setAttribute("aria-expanded", "true");
    list.hidden = false;
  }

  function close(focusButton) {
    button.setAttribute("aria-expanded", "false");
    list.hidden = true;
    if (focusButton) button.focus();
  }

  link.hidden = true;
  button.hidden = false;
  button.addEventListener("click", function () {
    if (isOpen()) close(false);
    else open();
  });
  menu.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && isOpen()) {
      event.preventDefault();
      close(true);
    }
  });
  menu.addEventListener("focusout", function (event) {
    if (isOpen() && event.relatedTarget && !menu.contains(event.relatedTarget)) close(false);
  });
  document.addEventListener("click", function (event) {
    if (isOpen() && !menu.contains(event.target)) close(false);
  });
})();
