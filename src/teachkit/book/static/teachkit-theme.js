/* teachkit: the theme's Bootstrap bundle (81 KB) only when a reader first needs it.
   The theme uses Bootstrap for its header's menus (download, launch) and the tooltips of
   its header buttons. This script fetches the bundle when a reader first points at,
   focuses or taps one of them; a click that comes before the bundle has arrived opens its
   menu once it has. It also does the one thing the bundle did on every page: show the
   "Back to top" button when the reader scrolls up, past the header. */
(function () {
  "use strict";

  var script = document.currentScript;
  var url = script && script.getAttribute("data-bootstrap");
  var TRIGGER = "[data-bs-toggle]";
  var loading = null;

  function load() {
    if (window.bootstrap) { return Promise.resolve(window.bootstrap); }
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = url;
        tag.onload = function () { resolve(window.bootstrap); };
        tag.onerror = function () { reject(new Error("the theme's Bootstrap did not load")); };
        document.head.appendChild(tag);
      });
    }
    return loading;
  }

  function trigger(event) {
    var target = event.target;
    return target instanceof Element ? target.closest(TRIGGER) : null;
  }

  // The bundle sets up the header's tooltips when it runs, after the pointer or focus that
  // fetched it has arrived: show that button's tooltip then, as a second visit would.
  function showTooltipIfStillThere(toggle, bootstrap) {
    if (!bootstrap || toggle.getAttribute("data-bs-toggle") !== "tooltip") { return; }
    if (!toggle.matches(":hover") && document.activeElement !== toggle) { return; }
    var tooltip = bootstrap.Tooltip.getInstance(toggle);
    if (tooltip) { tooltip.show(); }
  }

  ["pointerover", "focusin", "touchstart"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var toggle = trigger(event);
      if (!url || !toggle) { return; }
      var first = !window.bootstrap;
      load().then(function (bootstrap) {
        if (first && type !== "touchstart") { showTooltipIfStillThere(toggle, bootstrap); }
      }).catch(function () { /* reported by the click that needs it */ });
    }, { capture: true, passive: true });
  });

  document.addEventListener("click", function (event) {
    var toggle = trigger(event);
    if (!url || !toggle || window.bootstrap || toggle.getAttribute("data-bs-toggle") !== "dropdown") {
      return;
    }
    event.preventDefault();
    event.stopPropagation();
    load().then(function (bootstrap) {
      bootstrap.Dropdown.getOrCreateInstance(toggle).toggle();
    }).catch(function (err) { if (window.console) { console.error("teachkit", err); } });
  }, true);

  function backToTop() {
    var button = document.getElementById("pst-back-to-top");
    var header = document.getElementsByClassName("bd-header")[0];
    if (!button || !header) { return; }
    var below = header.getBoundingClientRect().bottom;
    var last = window.scrollY;
    button.addEventListener("click", function () {
      document.body.scrollTop = 0;
      document.documentElement.scrollTop = 0;
    });
    window.addEventListener("scroll", function () {
      if (window.bootstrap) { return; }  // the bundle, once loaded, does this itself
      button.style.display = last > window.scrollY && window.scrollY > below ? "block" : "none";
      last = window.scrollY;
    }, { passive: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", backToTop);
  } else {
    backToTop();
  }
})();
