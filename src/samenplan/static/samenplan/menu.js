// The header menu on a phone: a "Menu" button before each .samenplan-header__menu list, which shows and hides it
// (a disclosure: aria-expanded, aria-controls). Only while the screen is narrow (NARROW, followed with matchMedia,
// so turning the phone or resizing the window switches); on a wide screen, and without JavaScript, the whole list
// shows as before. Escape closes the open list and puts the focus back on its button. The button's text comes
// from the page (<body data-menu-label>), so this file holds no words of any language.
(function () {
  "use strict";

  var NARROW = "(max-width: 48em)"; // the width samenplan.css lays the header out for wide screens from
  var COLLAPSIBLE = "samenplan-header__nav--collapsible";

  function Menu(list, index, label) {
    this.list = list;
    this.nav = list.parentNode;
    if (!list.id) list.id = "samenplan-menu-" + index;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "utrecht-button utrecht-button--subtle samenplan-header__menu-button";
    button.setAttribute("aria-controls", list.id);
    button.setAttribute("aria-expanded", "false");
    var icon = document.createElement("span");
    icon.className = "samenplan-header__menu-icon";
    icon.setAttribute("aria-hidden", "true");
    button.appendChild(icon);
    button.appendChild(document.createTextNode(label));
    button.hidden = true;
    this.nav.insertBefore(button, list);
    this.button = button;
    button.addEventListener("click", this.toggle.bind(this));
    this.nav.addEventListener("keydown", this.keydown.bind(this));
  }

  Menu.prototype.open = function (on) {
    this.button.setAttribute("aria-expanded", on ? "true" : "false");
    this.list.hidden = !on;
  };

  Menu.prototype.toggle = function () {
    this.open(this.button.getAttribute("aria-expanded") !== "true");
  };

  Menu.prototype.keydown = function (event) {
    if (event.key !== "Escape" || this.button.hidden || this.button.getAttribute("aria-expanded") !== "true") return;
    event.preventDefault();
    this.open(false);
    this.button.focus();
  };

  // Narrow: the button shows and the list is closed. Wide: no button, the whole list.
  Menu.prototype.fit = function (narrow) {
    var focusInList = this.list.contains(document.activeElement);
    this.nav.classList.toggle(COLLAPSIBLE, narrow);
    this.button.hidden = !narrow;
    if (narrow) {
      this.open(false);
      if (focusInList) this.button.focus();
    } else {
      this.button.setAttribute("aria-expanded", "false");
      this.list.hidden = false;
    }
  };

  function init() {
    var label = document.body.getAttribute("data-menu-label");
    var lists = document.querySelectorAll(".samenplan-header__menu");
    if (!label || !lists.length || !window.matchMedia) return;
    var narrow = window.matchMedia(NARROW);
    var menus = [];
    for (var i = 0; i < lists.length; i++) menus.push(new Menu(lists[i], i, label));
    function fit() {
      for (var j = 0; j < menus.length; j++) menus[j].fit(narrow.matches);
    }
    if (narrow.addEventListener) narrow.addEventListener("change", fit);
    else narrow.addListener(fit); // Safari before 14
    fit();
  }

  // base.html loads this file right after the header, so the menus are there already: folding them now, before
  // the rest of the page is read, means a phone never shows the whole list first. Loaded anywhere earlier, it waits.
  if (document.readyState !== "loading" || document.querySelector(".samenplan-header__menu")) init();
  else document.addEventListener("DOMContentLoaded", init);
})();
