/* teachkit: draw every chart on the page with the book's own Vega runtime.
   Each chart is a <div class="teachkit-chart"> whose Vega specs (compiled from
   Vega-Lite when the book was built) sit in <script type="application/json">
   elements next to it: the wide layout, the narrow one (panels stacked, shorter
   labels; only when it differs) and the theme's dark colours. This script picks
   the layout by the width of the content column and the colours by the book's
   light or dark mode, and draws again, keeping the reader's settings, when
   either changes. SVG, no actions menu; sliders and menus are Vega bindings,
   drawn above the chart under a heading so that a control and what it changes
   are on screen together. A chart is drawn when it comes near the screen, or before
   the page is printed; the Vega runtime itself (vendor/vega.min.js, next to this
   script) is fetched only then, so a reader who never reaches a chart never loads it. */
(function () {
  "use strict";

  var MIN_PANEL_WIDTH = 160;  // narrow panels may shrink to this to fit a 320 px screen
  var NEAR = "50% 0px";  // a chart within half a screen of the visible part is drawn
  var charts = [];
  var script = document.currentScript;
  var VEGA_URL = script && script.src ? new URL("vendor/vega.min.js", script.src).href : null;
  var vegaLoading = null;

  function amdReady() {
    return typeof window.define === "function" && window.define.amd && typeof window.require === "function";
  }

  // Run ``then`` once require.js, where the page has it, has run: the scripts are deferred
  // and may still be loading when the first chart comes near.
  function afterRequireJs(then) {
    var tag = document.querySelector('script[src*="require.js"]');
    if (!tag || amdReady()) { then(); return; }
    tag.addEventListener("load", function () { then(); });
    tag.addEventListener("error", function () { then(); });
  }

  // The Vega runtime, once: already on the page, through require.js where a page has it
  // (pages with ipywidgets; Vega's bundle would otherwise register as an anonymous AMD
  // module and leave no window.vega), or from a script element.
  function loadVega() {
    if (vegaLoading) { return vegaLoading; }
    vegaLoading = new Promise(function (resolve, reject) {
      afterRequireJs(function () { fetchVega(resolve, reject); });
    });
    return vegaLoading;
  }

  function fetchVega(resolve, reject) {
    function done(vega) {
      if (vega && typeof vega.View === "function") {
        window.vega = vega;
        resolve(vega);
      } else {
        reject(new Error("the Vega scripts did not load"));
      }
    }
    if (window.vega) { done(window.vega); return; }
    if (!VEGA_URL) { done(null); return; }
    if (amdReady()) {
      window.require([VEGA_URL], done, function () { done(null); });
      return;
    }
    var tag = document.createElement("script");
    tag.src = VEGA_URL;
    tag.async = true;
    tag.onload = function () { done(window.vega); };
    tag.onerror = function () { done(null); };
    document.head.appendChild(tag);
  }

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

  function readJson(id) {
    var script = id && document.getElementById(id);
    return script ? JSON.parse(script.textContent) : null;
  }

  // A spec names each part it repeats (a dataset, an encoding, a long expression), and the
  // narrow layout each part it shares with the wide one, by its place in the wide spec as
  // written: {"teachkit_same_as": [keys]}. Each is copied back, with its own references
  // resolved (fresh copies: Vega may annotate what it parses).
  function resolveShared(node, wide) {
    if (Array.isArray(node)) {
      return node.map(function (v) { return resolveShared(v, wide); });
    }
    if (!node || typeof node !== "object") { return node; }
    var keys = Object.keys(node);
    if (keys.length === 1 && Array.isArray(node.teachkit_same_as)) {
      var part = node.teachkit_same_as.reduce(function (at, key) { return at[key]; }, wide);
      return resolveShared(part, wide);
    }
    var out = {};
    keys.forEach(function (k) { out[k] = resolveShared(node[k], wide); });
    return out;
  }

  function isDark() {
    var theme = document.documentElement.getAttribute("data-theme");
    if (theme === "dark" || theme === "light") { return theme === "dark"; }
    return !!(window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches);
  }

  // The dark look: every colour the chart names swapped for its dark counterpart (also
  // inside expressions, as a quoted literal), and a Vega config for the colours Vega picks.
  function darken(value, colours, quoted) {
    if (typeof value === "string") {
      var key = value.toLowerCase();
      if (Object.prototype.hasOwnProperty.call(colours, key)) { return colours[key]; }
      return value.indexOf("'") >= 0 ? value.replace(quoted, function (m, c) {
        return "'" + colours[c.toLowerCase()] + "'";
      }) : value;
    }
    if (Array.isArray(value)) { return value.map(function (v) { return darken(v, colours, quoted); }); }
    if (value && typeof value === "object") {
      var out = {};
      Object.keys(value).forEach(function (k) {
        out[k] = k === "values" ? value[k] : darken(value[k], colours, quoted);  // data rows stay
      });
      return out;
    }
    return value;
  }

  function merge(base, extra) {
    var out = {};
    Object.keys(base || {}).forEach(function (k) { out[k] = base[k]; });
    Object.keys(extra || {}).forEach(function (k) {
      var b = out[k], e = extra[k];
      out[k] = (b && e && typeof b === "object" && typeof e === "object" && !Array.isArray(e))
        ? merge(b, e) : e;
    });
    return out;
  }

  function darkSpec(spec, look) {
    var names = Object.keys(look.colours).map(function (c) { return c.replace(/[#]/g, "\\#"); });
    var quoted = new RegExp("'(" + names.join("|") + ")'", "gi");
    var dark = darken(spec, look.colours, quoted);
    dark.config = merge(dark.config, look.config);
    dark.background = look.config.background;
    return dark;
  }

  function boundSignals(spec) {
    return (spec.signals || []).filter(function (s) { return s.bind; }).map(function (s) { return s.name; });
  }

  // Panel widths a narrow layout may give up to fit the column: the view's own width,
  // or the width signal of each stacked panel.
  function widthSignals(spec) {
    var names = (spec.signals || []).filter(function (s) {
      return /(^|_)width$/.test(s.name) && typeof s.value === "number";
    }).map(function (s) { return [s.name, s.value]; });
    if (typeof spec.width === "number") { names.push(["width", spec.width]); }
    return names;
  }

  function svgWidth(chart) {
    var svg = chart.holder.querySelector("svg");
    return svg ? parseFloat(svg.getAttribute("width")) || svg.getBoundingClientRect().width : 0;
  }

  function available(chart) { return chart.el.clientWidth; }

  // Narrow the panels (never the text) until the chart fits its column.
  function fit(chart, spec) {
    var over = svgWidth(chart) - available(chart);
    var widths = widthSignals(spec);
    if (over <= 0 || !widths.length) { return Promise.resolve(); }
    var widest = Math.max.apply(null, widths.map(function (w) { return w[1]; }));
    var cap = Math.max(MIN_PANEL_WIDTH, widest - over - 1);
    widths.forEach(function (w) {
      var value = Math.min(w[1], cap);
      if (w[0] === "width") { chart.view.width(value); } else { chart.view.signal(w[0], value); }
    });
    return chart.view.runAsync();
  }

  function controlsGroup(chart) {
    var group = document.createElement("div");
    var heading = document.createElement("p");
    var bindings = document.createElement("div");
    group.className = "teachkit-controls";
    group.setAttribute("role", "group");
    heading.className = "teachkit-controls-heading";
    heading.id = chart.el.id + "-controls";
    heading.textContent = "Change the chart";
    group.setAttribute("aria-labelledby", heading.id);
    bindings.className = "teachkit-bindings";
    group.appendChild(heading);
    group.appendChild(bindings);
    return group;
  }

  function draw(chart) {
    var narrow = chart.narrow && chart.wideWidth && chart.wideWidth > available(chart);
    var spec = narrow ? chart.narrow : chart.wide;
    var dark = isDark() && chart.look;
    var kept = {};
    if (chart.view) {
      boundSignals(spec).forEach(function (name) {
        try { kept[name] = chart.view.signal(name); } catch (e) { /* not in this layout */ }
      });
      chart.view.finalize();
    }
    chart.drawn = { narrow: !!narrow, dark: !!dark };
    chart.el.textContent = "";
    var bound = boundSignals(spec).length > 0;
    var group = bound ? controlsGroup(chart) : null;
    chart.holder = document.createElement("div");
    chart.holder.className = "teachkit-view";
    if (group) { chart.el.appendChild(group); }
    chart.el.appendChild(chart.holder);
    chart.el.setAttribute("data-teachkit-layout", narrow ? "narrow" : "wide");
    chart.el.setAttribute("data-teachkit-mode", dark ? "dark" : "light");
    var view = new window.vega.View(window.vega.parse(dark ? darkSpec(spec, chart.look) : spec), {
      renderer: "svg", container: chart.holder, hover: true,
      bind: group ? group.querySelector(".teachkit-bindings") : undefined
    });
    chart.view = view;
    Object.keys(kept).forEach(function (name) { view.signal(name, kept[name]); });
    return view.runAsync().then(function () {
      if (!narrow) { chart.wideWidth = svgWidth(chart); }
      if (!narrow && chart.narrow && chart.wideWidth > available(chart)) { return draw(chart); }
      return fit(chart, spec).then(function () {
        hideUnlabelledMarks(chart.el);
        view.addEventListener("mouseup", function () { hideUnlabelledMarks(chart.el); });
        chart.el.setAttribute("data-teachkit-drawn", "yes");
      });
    });
  }

  function redrawIfNeeded(chart) {
    if (!chart.view || chart.busy) { return; }
    var width = available(chart);
    var narrow = !!(chart.narrow && chart.wideWidth > width);
    var dark = !!(isDark() && chart.look);
    // only a new layout, a new colour mode or a new column width needs drawing again
    if (narrow === chart.drawn.narrow && dark === chart.drawn.dark && width === chart.fitted) { return; }
    chart.busy = true;
    chart.fitted = width;
    draw(chart).catch(function (err) { showError(chart.el, err); }).then(function () {
      chart.busy = false;
      redrawIfNeeded(chart);  // a change that came while drawing
    });
  }

  function redrawAll() { charts.forEach(redrawIfNeeded); }

  function start(chart) {
    var el = chart.el;
    if (chart.started) { return; }
    chart.started = true;
    el.setAttribute("data-teachkit-drawn", "pending");
    loadVega().then(function () {
      var wide = readJson(el.getAttribute("data-teachkit-spec"));
      var narrow = readJson(el.getAttribute("data-teachkit-narrow"));
      chart.wide = resolveShared(wide, wide);
      chart.narrow = narrow ? resolveShared(narrow, wide) : null;
      chart.look = readJson(el.getAttribute("data-teachkit-look"));
      chart.busy = true;
      charts.push(chart);
      return draw(chart).then(function () {
        chart.busy = false;
        chart.fitted = available(chart);
        redrawIfNeeded(chart);  // a change that came while drawing
      });
    }).catch(function (err) { showError(el, err && err.message ? err.message : err); });
  }

  var waiting = [];

  function startAll() {
    waiting.forEach(start);
    waiting = [];
  }

  // Draw each chart only when it comes near the screen (well before it is seen): parsing
  // and drawing every chart of a long page at once would hold the page up on a phone.
  // Everything is drawn before printing. The table under each chart needs no script.
  function drawAll() {
    var els = document.querySelectorAll("div.teachkit-chart[data-teachkit-spec]");
    var observer = window.IntersectionObserver ? new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) { return; }
        observer.unobserve(entry.target);
        waiting.forEach(function (chart) { if (chart.el === entry.target) { start(chart); } });
      });
    }, { rootMargin: NEAR }) : null;
    Array.prototype.forEach.call(els, function (el) {
      if (el.getAttribute("data-teachkit-drawn")) { return; }
      el.setAttribute("data-teachkit-drawn", "waiting");
      var chart = { el: el };
      waiting.push(chart);
      if (observer) { observer.observe(el); }
    });
    if (!observer) { startAll(); }
    window.addEventListener("beforeprint", startAll);
    if (window.matchMedia) {
      var print = window.matchMedia("print");
      if (print.matches) { startAll(); }
      if (print.addEventListener) { print.addEventListener("change", startAll); }
    }
  }

  // Follow the book's light/dark switch (data-theme on <html>), the system preference
  // (which the theme applies in its "auto" mode) and the column's width, live.
  function watch() {
    var timer = null;
    function soon() {
      if (timer) { clearTimeout(timer); }
      timer = setTimeout(redrawAll, 150);
    }
    if (window.MutationObserver) {
      new MutationObserver(soon).observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
    }
    if (window.matchMedia) {
      var query = window.matchMedia("(prefers-color-scheme: dark)");
      if (query.addEventListener) { query.addEventListener("change", soon); }
    }
    window.addEventListener("resize", soon);
  }

  // Draw as soon as the page is parsed ("interactive"), before deferred scripts such as
  // MathJax run: waiting for DOMContentLoaded would hold every chart behind them.
  if (document.readyState === "loading") {
    document.addEventListener("readystatechange", function onState() {
      if (document.readyState !== "loading") {
        document.removeEventListener("readystatechange", onState);
        drawAll();
        watch();
      }
    });
  } else {
    drawAll();
    watch();
  }
})();
