/* teachkit: draw every chart on the page with the book's own Vega runtime.
   Each chart is a <div class="teachkit-chart"> whose Vega spec (compiled from
   Vega-Lite when the book was built) sits in a <script type="application/json">
   next to it. SVG, no actions menu; sliders and selections are Vega bindings. */
(function () {
  "use strict";

  function showError(el, err) {
    el.setAttribute("role", "alert");
    el.textContent = "This chart could not be drawn: " + err + ". The table below gives its data.";
    if (window.console) { console.error("teachkit chart", el.id, err); }
  }

  // Vega gives every mark a graphics role; a few (such as an interval brush) get no label,
  // which screen readers announce as an unnamed image. Those are pointer affordances with
  // keyboard equivalents elsewhere in the chart, so hide them from assistive technology.
  function hideUnlabelledMarks(el) {
    var marks = el.querySelectorAll('[role="graphics-symbol"]:not([aria-label]), [role="img"]:not([aria-label])');
    Array.prototype.forEach.call(marks, function (mark) { mark.setAttribute("aria-hidden", "true"); });
  }

  function drawAll() {
    var charts = document.querySelectorAll("div.teachkit-chart[data-teachkit-spec]");
    Array.prototype.forEach.call(charts, function (el) {
      if (el.getAttribute("data-teachkit-drawn")) { return; }
      el.setAttribute("data-teachkit-drawn", "pending");
      if (!window.vega || typeof window.vega.View !== "function") {
        showError(el, "the Vega scripts did not load");
        return;
      }
      var view;
      try {
        var spec = JSON.parse(document.getElementById(el.getAttribute("data-teachkit-spec")).textContent);
        view = new window.vega.View(window.vega.parse(spec), { renderer: "svg", container: el, hover: true });
      } catch (err) {
        showError(el, err);
        return;
      }
      view.runAsync().then(function () {
        hideUnlabelledMarks(el);
        view.addEventListener("mouseup", function () { hideUnlabelledMarks(el); });
        el.setAttribute("data-teachkit-drawn", "yes");
      }).catch(function (err) { showError(el, err); });
    });
  }

  // Draw as soon as the page is parsed ("interactive"), before deferred scripts such as
  // MathJax run: waiting for DOMContentLoaded would hold every chart behind them.
  if (document.readyState === "loading") {
    document.addEventListener("readystatechange", function onState() {
      if (document.readyState !== "loading") {
        document.removeEventListener("readystatechange", onState);
        drawAll();
      }
    });
  } else {
    drawAll();
  }
})();
