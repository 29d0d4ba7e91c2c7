// What tests/test_screens.py measures on a page whose charts are drawn: one object for
// the whole page. Colours are read as the browser paints them (computed styles), text
// sizes as rendered (font size times the SVG's on-screen scale).
() => {
  function rgba(colour) {
    const m = colour && colour.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  }
  function over(top, bottom) {  // composite a translucent colour over an opaque one
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a)).concat([1]);
  }
  function luminance(c) {
    const l = c.slice(0, 3).map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
  }
  function contrast(a, b) {
    const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  }
  function pageBackground(el) {
    let colour = [255, 255, 255, 1];
    const chain = [];
    for (let n = el; n && n.nodeType === 1; n = n.parentElement) chain.push(n);
    for (const n of chain.reverse()) {
      const bg = rgba(getComputedStyle(n).backgroundColor);
      if (bg && bg[3] > 0) colour = over(bg, colour);
    }
    return colour;
  }
  // The fill painted under a text's centre: the page (and the SVG's background), then any
  // filled shape of the same chart below the text in paint order.
  function backdrop(text, svg, base) {
    const box = text.getBoundingClientRect();
    const x = box.left + box.width / 2, y = box.top + box.height / 2;
    let colour = base;
    const shapes = svg.querySelectorAll("path, rect");
    for (const shape of shapes) {
      if (shape.compareDocumentPosition(text) & Node.DOCUMENT_POSITION_PRECEDING) break;
      const style = getComputedStyle(shape);
      const fill = rgba(style.fill);
      if (!fill || style.fill === "none" || style.visibility === "hidden") continue;
      const r = shape.getBoundingClientRect();
      if (x < r.left || x > r.right || y < r.top || y > r.bottom || r.width * r.height < 40) continue;
      const alpha = fill[3] * Number(style.fillOpacity || 1) * Number(style.opacity || 1);
      if (alpha > 0.05) colour = over([fill[0], fill[1], fill[2], alpha], colour);
    }
    return colour;
  }

  const width = window.innerWidth;
  // Elements past the right edge of the window that no scrolling box holds: what makes
  // the page scroll sideways. Only those inside a chart's figure are the charts' doing.
  const sticking = [];
  document.querySelectorAll("body *").forEach((e) => {
    const r = e.getBoundingClientRect();
    if (r.right <= width + 1 || r.width === 0) return;
    for (let p = e.parentElement; p; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== "visible") return;
    }
    if (e.closest("figure.teachkit-figure")) sticking.push(e.tagName.toLowerCase() + " " + Math.round(r.right - width) + " px");
  });
  const report = {
    chartsPastTheWindow: sticking,
    pageOverflow: document.documentElement.scrollWidth - width,
    bodyFont: getComputedStyle(document.body).fontFamily,
    charts: [],
  };
  document.querySelectorAll("div.teachkit-chart").forEach((el) => {
    const svg = el.querySelector("svg");
    const chart = {
      id: el.id,
      layout: el.getAttribute("data-teachkit-layout"),
      mode: el.getAttribute("data-teachkit-mode"),
      overflow: 0,
      smallestText: null,
      smallestTextLabel: "",
      lowContrast: [],
      texts: 0,
      controls: [],
      controlsAboveChart: true,
    };
    report.charts.push(chart);
    if (!svg) return;
    const figure = el.closest("figure") || el;
    const column = figure.parentElement.getBoundingClientRect();
    const svgBox = svg.getBoundingClientRect();
    chart.overflow = Math.max(svgBox.right - Math.min(column.right, width), el.scrollWidth - el.clientWidth, 0);
    const svgBackground = rgba(getComputedStyle(svg).backgroundColor);
    let base = pageBackground(el);
    if (svgBackground && svgBackground[3] > 0) base = over(svgBackground, base);
    chart.background = base;
    svg.querySelectorAll("text").forEach((text) => {
      const style = getComputedStyle(text);
      const content = text.textContent.trim();
      if (!content || style.visibility === "hidden" || style.display === "none") return;
      let opacity = 1;
      for (let n = text; n && n !== svg; n = n.parentElement) {
        const s = getComputedStyle(n);
        opacity *= Number(s.opacity || 1) * (n === text ? Number(s.fillOpacity || 1) : 1);
      }
      if (opacity < 0.05) return;
      const box = text.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) return;
      chart.texts += 1;
      const ctm = text.getScreenCTM();  // its scale, also when the text is rotated
      const size = parseFloat(style.fontSize) * (ctm ? Math.hypot(ctm.a, ctm.b) : 1);
      if (chart.smallestText === null || size < chart.smallestText) {
        chart.smallestText = size;
        chart.smallestTextLabel = content.slice(0, 40);
      }
      const fill = rgba(style.fill);
      if (!fill) return;
      const behind = backdrop(text, svg, base);
      const ink = over([fill[0], fill[1], fill[2], fill[3] * opacity], behind);
      const ratio = contrast(ink, behind);
      if (ratio < 4.5) chart.lowContrast.push(content.slice(0, 40) + " (" + ratio.toFixed(2) + ":1)");
    });
    const group = el.querySelector(".teachkit-controls");
    el.querySelectorAll("input, select").forEach((control) => {
      const box = control.getBoundingClientRect();
      const label = (control.labels && control.labels.length ? control.labels[0].textContent : "") ||
        control.getAttribute("aria-label") || "";
      chart.controls.push({
        name: control.getAttribute("name") || control.type,
        label: label.trim(),
        width: box.width,
        height: box.height,
        inView: box.left >= 0 && box.right <= width + 0.5,
        focusable: control.tabIndex >= 0 && !control.disabled && box.width > 0,
        inGroup: !!(group && group.contains(control)),
        fontFamily: getComputedStyle(control).fontFamily,
        bookFont: getComputedStyle(control).fontFamily === getComputedStyle(document.body).fontFamily,
      });
    });
    if (group) {
      const heading = group.querySelector(".teachkit-controls-heading");
      chart.controlsHeading = heading ? heading.textContent.trim() : "";
      chart.controlsAboveChart = group.getBoundingClientRect().bottom <= svgBox.top + 1;
    }
  });
  return report;
}
