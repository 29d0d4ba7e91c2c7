"""Measure how fast the book builds and reads, and compare with the goals.

Run it from the project's virtual environment (``python3 dev.py test`` or
``python3 dev.py book --no-serve`` creates it)::

    .venv/bin/python benchmarks/run.py            # 3 runs of each figure
    .venv/bin/python benchmarks/run.py --runs 5   # more runs, steadier medians
    .venv/bin/python benchmarks/run.py --lighthouse-only   # page weights and Lighthouse
                                                  # only, kept with the last other figures
    .venv/bin/python benchmarks/run.py --lighthouse-only --site _build/html  # of that build

It prints a table and writes ``benchmarks/results.json``, which the book's
"About this book" page shows. Figures are medians over the runs; where the
machine is noisy, ratios (rebuild / clean build, teachkit / altair+pandas) are
steadier than seconds. Speed goals live here, not in timed tests.

Lighthouse (npm, pinned in ``benchmarks/package.json``, installed on first use into
``benchmarks/node_modules``) scores every page with its mobile profile on the tests'
Chromium, and reports each page's first-visit weight as transferred
(``benchmarks/lighthouse.py``); it is slow (about half a minute a page).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bookhelpers import (  # noqa: E402
    CHROMIUM_ARGS,
    build_book,
    chromium_path,
    draw_every_chart,
    serve_compressed,
    serve_directory,
)
from lighthouse import measure_lighthouse  # noqa: E402
from lighthouse import rows as lighthouse_rows  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results.json"
EXECUTED = re.compile(r"(\S+)\.md: Executed notebook in ([\d.]+) seconds")
COPY_IGNORE = shutil.ignore_patterns(".venv", "_build", ".git", "*_cache", "__pycache__")


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _timed_build(source: Path, out: Path) -> tuple[float, Any]:
    start = time.perf_counter()
    result = build_book(source, out)
    return time.perf_counter() - start, result


def executed_chapters(output: str) -> dict[str, float]:
    """Chapters a build executed, with myst-nb's reported seconds."""
    return {m.group(1).split("/work/", 1)[-1]: float(m.group(2)) for m in EXECUTED.finditer(output)}


def _short(path: str) -> str:
    return path[path.index("chapters/") :] if "chapters/" in path else path


def measure_builds(runs: int) -> dict[str, Any]:
    """Clean strict builds, a no-change rebuild and a one-chapter rebuild."""
    clean, noop, edit = [], [], []
    per_chapter: dict[str, list[float]] = {}
    reexecuted: list[str] = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            book = Path(tmp) / "book"
            shutil.copytree(ROOT, book, ignore=COPY_IGNORE)
            out = Path(tmp) / "out"
            seconds, result = _timed_build(book, out)
            if result.returncode != 0:
                raise SystemExit("the book did not build:\n" + result.output[-3000:])
            clean.append(seconds)
            for name, secs in executed_chapters(result.output).items():
                per_chapter.setdefault(_short(name), []).append(secs)
            seconds, _ = _timed_build(book, out)
            noop.append(seconds)
            chapter = book / "chapters" / "how_to_use.md"
            chapter.write_text(chapter.read_text() + "\n")
            seconds, result = _timed_build(book, out)
            edit.append(seconds)
            reexecuted = sorted(_short(n) for n in executed_chapters(result.output))
    chapters = sorted(((name, _median(v)) for name, v in per_chapter.items()), key=lambda x: -x[1])
    return {
        "clean_build_s": _median(clean),
        "noop_rebuild_s": _median(noop),
        "noop_rebuild_ratio": _median(noop) / _median(clean),
        "edit_rebuild_s": _median(edit),
        "edit_reexecuted": reexecuted,
        "per_chapter_s": chapters,
    }


@contextmanager
def _built_site() -> Iterator[tuple[str, Path]]:
    with tempfile.TemporaryDirectory() as tmp:
        result = build_book(ROOT, Path(tmp))
        if result.returncode != 0:
            raise SystemExit("the book did not build:\n" + result.output[-3000:])
        with serve_directory(result.html) as base:
            yield base, result.html


# Arms a promise on the page (not awaited here): it resolves with the milliseconds from the
# slider's keydown to the first change of its chart's SVG.
_LATENCY_JS = """(slider) => { window.__teachkitRedraw = new Promise((resolve, reject) => {
    const svg = slider.closest('div.teachkit-chart').querySelector('svg');
    let t0 = null;
    slider.addEventListener('keydown', () => { t0 = performance.now(); }, {once: true});
    const obs = new MutationObserver(() => {
        if (t0 !== null) { obs.disconnect(); resolve(performance.now() - t0); }
    });
    obs.observe(svg, {subtree: true, childList: true, attributes: true, characterData: true});
    // a step that changes nothing on screen (e.g. a year with no meetings) is not timed
    setTimeout(() => { obs.disconnect(); resolve(null); }, 1000);
}); }"""


def _render_after(page: Any, url: str, charts: int) -> float:
    """Milliseconds from the start of navigating ``page`` to ``url`` until every chart is drawn.

    Charts are drawn as they come near the screen, so the page is scrolled to each in turn.
    """
    page.goto(url, wait_until="domcontentloaded")
    assert draw_every_chart(page) == charts
    # performance.now() counts from the start of this navigation
    return float(page.evaluate("performance.now()"))


def measure_pages(html: Path, base: str, runs: int, steps: int) -> dict[str, Any]:
    """Chart render time after navigation and slider-to-redraw latency in Chromium.

    "After navigation" is what a reader does: one tab that has already opened the
    book (so the shared scripts are in the browser's cache) follows a link to a
    chapter. The time runs from the start of that navigation until every chart on
    the page is drawn. A first visit in a fresh browser profile is reported too.
    """
    from playwright.sync_api import sync_playwright

    pages = sorted(p.relative_to(html).as_posix() for p in html.rglob("*.html"))
    pages = [p for p in pages if not p.startswith("_") and p != "index.html"]
    charted = {
        p: (html / p).read_text(encoding="utf-8").count('<div class="teachkit-chart"')
        for p in pages
    }
    charted = {p: n for p, n in charted.items() if n}
    render_ms: list[float] = []
    first_visit_ms: list[float] = []
    latency: dict[str, list[float]] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        reader = browser.new_context()
        tab = reader.new_page()
        tab.goto(f"{base}/index.html")
        for _ in range(runs):
            for page_name, n in charted.items():
                render_ms.append(_render_after(tab, f"{base}/{page_name}", n))
                fresh = browser.new_context()
                first_visit_ms.append(_render_after(fresh.new_page(), f"{base}/{page_name}", n))
                fresh.close()
        reader.close()
        for page_name in charted:
            page = browser.new_page()
            page.goto(f"{base}/{page_name}")
            draw_every_chart(page)
            sliders = page.locator("div.teachkit-chart input[type=range]")
            for i in range(sliders.count()):
                slider = sliders.nth(i)
                key = f"{page_name}#{slider.get_attribute('name')}"
                top = slider.get_attribute("max")
                for _ in range(steps):
                    slider.focus()
                    slider.evaluate(_LATENCY_JS)
                    at_top = slider.input_value() == top
                    page.keyboard.press("ArrowLeft" if at_top else "ArrowRight")
                    ms = page.evaluate("window.__teachkitRedraw")
                    if ms is not None:
                        latency.setdefault(key, []).append(float(ms))
            page.close()
        browser.close()
    medians = {k: _median(v) for k, v in latency.items()}
    return {
        "chart_render_ms": _median(render_ms),
        "chart_render_first_visit_ms": _median(first_visit_ms),
        "chart_pages": len(charted),
        "slider_latency_ms": _median([x for v in latency.values() for x in v]),
        "slider_latency_by_slider_ms": medians,
    }


def measure_weight(html: Path) -> dict[str, Any]:
    """Each page's own HTML (with inline specs) and the shared JavaScript, once."""
    own = {
        p.relative_to(html).as_posix(): p.stat().st_size
        for p in html.rglob("*.html")
        if not p.relative_to(html).parts[0].startswith("_")
    }
    scripts: set[str] = set()
    for page in html.rglob("*.html"):
        for src in re.findall(r'<script[^>]*src="([^"?]+)', page.read_text(encoding="utf-8")):
            if "_static/" in src:
                scripts.add("_static/" + src.split("_static/", 1)[1])
    sizes = {s: (html / s).stat().st_size for s in scripts if (html / s).exists()}
    # teachkit.js fetches Vega itself, when a chart first comes near the screen
    runtime = html / "_static" / "vendor" / "vega.min.js"
    vega = runtime.stat().st_size if runtime.is_file() else 0
    widgets = sum(v for s, v in sizes.items() if "require.js" in s or "embed-amd" in s)
    theme = sum(v for s, v in sizes.items() if "vendor/" not in s and "teachkit" not in s)
    # teachkit-theme.js fetches the theme's Bootstrap when a reader reaches for the header
    bootstrap = html / "_static" / "scripts" / "bootstrap.js"
    theme += bootstrap.stat().st_size if bootstrap.is_file() else 0
    ours = sum(v for s, v in sizes.items() if "teachkit" in s)
    return {
        "page_own_bytes": dict(sorted(own.items(), key=lambda x: -x[1])),
        "page_own_max_bytes": max(own.values()),
        "shared_js_bytes": vega + theme + ours,
        "shared_js_goal_bytes": 1.1 * (vega + theme),
        "vega_runtime_bytes": vega,
        "theme_js_bytes": theme,
        "teachkit_js_bytes": ours,
        "widget_manager_bytes_on_widget_pages": widgets,
    }


def measure_first_visits(html: Path, base: str) -> dict[str, Any]:
    """Bytes each page fetches as served (uncompressed): on load, and with every chart drawn.

    A phone's screen (412 x 823, Lighthouse's); nothing is clicked, so the theme's
    Bootstrap, which waits for a reader to reach for the header, is not counted.
    """
    from playwright.sync_api import sync_playwright

    pages = sorted(
        p.relative_to(html).as_posix()
        for p in html.rglob("*.html")
        if not p.relative_to(html).parts[0].startswith("_") and p.name != "index.html"
    )
    on_load: dict[str, int] = {}
    drawn: dict[str, int] = {}
    charts: dict[str, int] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for name in pages:
            context = browser.new_context(viewport={"width": 412, "height": 823})
            page = context.new_page()
            sizes: list[int] = []

            def record(request: Any, sizes: list[int] = sizes) -> None:
                sizes.append(request.sizes()["responseBodySize"])

            page.on("requestfinished", record)
            page.goto(f"{base}/{name}", wait_until="load")
            page.wait_for_timeout(500)
            on_load[name] = sum(sizes)
            charts[name] = draw_every_chart(page)
            page.wait_for_timeout(200)
            drawn[name] = sum(sizes)
            context.close()
        browser.close()
    chart_pages = [n for n in pages if charts[n]]
    text_pages = [n for n in pages if not charts[n]]
    return {
        "on_load_bytes": on_load,
        "every_chart_drawn_bytes": drawn,
        "heaviest_text_page_bytes": max((on_load[n] for n in text_pages), default=0),
        "heaviest_chart_page_bytes": max((on_load[n] for n in chart_pages), default=0),
        "heaviest_chart_page_drawn_bytes": max((drawn[n] for n in chart_pages), default=0),
    }


def measure_import(runs: int) -> dict[str, float]:
    """``import teachkit`` against ``import altair, pandas`` in fresh interpreters."""

    def cost(statement: str) -> float:
        code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        return float(out.stdout)

    tk = _median([cost("import teachkit") for _ in range(runs * 3)])
    heavy = _median([cost("import altair, pandas") for _ in range(runs * 3)])
    return {"import_teachkit_s": tk, "import_altair_pandas_s": heavy, "import_ratio": tk / heavy}


def first_visit_rows(visits: dict[str, Any] | None) -> list[tuple[str, str, str, str]]:
    """Rows for the uncompressed first-visit weights, when they were measured."""
    if not visits:
        return []
    text, chart = visits["heaviest_text_page_bytes"], visits["heaviest_chart_page_bytes"]
    drawn = visits["heaviest_chart_page_drawn_bytes"]

    def yes(ok: bool) -> str:
        return "yes" if ok else "NO"

    return [
        (
            "first visit, heaviest text page, uncompressed",
            f"{text / 1000:.0f} KB",
            "≤ 400 KB",
            yes(text <= 400_000),
        ),
        (
            "first visit, heaviest chart page, uncompressed",
            f"{chart / 1000:.0f} KB",
            "≤ 1000 KB",
            yes(chart <= 1_000_000),
        ),
        (
            "...with every chart drawn (Vega fetched)",
            f"{drawn / 1000:.0f} KB",
            "≤ 1000 KB",
            yes(drawn <= 1_000_000),
        ),
    ]


def table(results: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """Rows of (figure, value, goal, met?) for printing and for the book's page."""
    b, p, w, i = results["build"], results["pages"], results["weight"], results["import"]
    slowest = ", ".join(f"{n} {s:.1f} s" for n, s in b["per_chapter_s"][:3])

    def row(name: str, value: str, goal: str, ok: bool | None) -> tuple[str, str, str, str]:
        return (name, value, goal, "—" if ok is None else ("yes" if ok else "NO"))

    only_one = b["edit_reexecuted"] == ["chapters/how_to_use"]
    light = (
        [row(n, v, g, ok) for n, v, g, ok in lighthouse_rows(results["lighthouse"])]
        if ("lighthouse" in results)
        else []
    )
    return [
        row(
            "clean strict build", f"{b['clean_build_s']:.1f} s", "≤ 90 s", b["clean_build_s"] <= 90
        ),
        row(
            "rebuild, nothing changed",
            f"{b['noop_rebuild_s']:.1f} s ({b['noop_rebuild_ratio']:.0%} of clean)",
            "≤ 10% of clean",
            b["noop_rebuild_ratio"] <= 0.10,
        ),
        row(
            "rebuild after editing one chapter",
            f"re-executed: {', '.join(b['edit_reexecuted']) or 'none'}",
            "only that chapter",
            only_one,
        ),
        row("per-chapter execution (slowest first)", slowest, "listed", None),
        row(
            "chart rendered after navigation",
            f"{p['chart_render_ms']:.0f} ms",
            "≤ 1000 ms",
            p["chart_render_ms"] <= 1000,
        ),
        row(
            "chart rendered, first visit (fresh profile)",
            f"{p['chart_render_first_visit_ms']:.0f} ms",
            "information",
            None,
        ),
        row(
            "slider to redraw",
            f"{p['slider_latency_ms']:.1f} ms",
            "≤ 50 ms",
            p["slider_latency_ms"] <= 50,
        ),
        row(
            "page's own weight (largest)",
            f"{w['page_own_max_bytes'] / 1000:.0f} KB",
            "≤ 300 KB",
            w["page_own_max_bytes"] <= 300_000,
        ),
        row(
            "shared JS (Vega + theme + teachkit)",
            f"{w['shared_js_bytes'] / 1000:.0f} KB",
            f"≤ {w['shared_js_goal_bytes'] / 1000:.0f} KB",
            w["shared_js_bytes"] <= w["shared_js_goal_bytes"],
        ),
        *first_visit_rows(results.get("first_visits")),
        row(
            "import teachkit",
            f"{i['import_teachkit_s'] * 1000:.0f} ms ({i['import_ratio']:.2f}x altair+pandas)",
            "≤ 1.2x",
            i["import_ratio"] <= 1.2,
        ),
        *light,
    ]


def main(argv: list[str] | None = None) -> int:
    """Run every measurement, print the table and write the JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (default 3)")
    parser.add_argument("--steps", type=int, default=20, help="slider steps (default 20)")
    parser.add_argument(
        "--lighthouse-only",
        action="store_true",
        help="measure page weights and Lighthouse only; keep the other figures of the last run",
    )
    parser.add_argument(
        "--site",
        type=Path,
        help="with --lighthouse-only: measure this built site (e.g. _build/html), not a new build",
    )
    args = parser.parse_args(argv)
    if args.runs < 1 or args.steps < 20:
        parser.error("--runs must be at least 1 and --steps at least 20")
    os.environ.setdefault("TEACHKIT_CHROMIUM", chromium_path())
    if args.lighthouse_only:
        return _lighthouse_only(args.site)
    results: dict[str, Any] = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "runs": args.runs,
        "build": measure_builds(args.runs),
    }
    with _built_site() as (base, html):
        results["pages"] = measure_pages(html, base, args.runs, args.steps)
        results["weight"] = measure_weight(html)
        results["first_visits"] = measure_first_visits(html, base)
        with serve_compressed(html) as gzip_base:
            results["lighthouse"] = measure_lighthouse(
                html, gzip_base, chromium_path(), CHROMIUM_ARGS
            )
    results["import"] = measure_import(args.runs)
    _write(results)
    return 0


def _lighthouse_only(site: Path | None) -> int:
    """Re-measure Lighthouse and the weights (on ``site``, else a fresh build); keep the rest."""
    results = json.loads(RESULTS.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        if site is None:
            result = build_book(ROOT, Path(tmp))
            if result.returncode != 0:
                raise SystemExit("the book did not build:\n" + result.output[-3000:])
            site = result.html
        results["weight"] = measure_weight(site)
        with serve_directory(site) as base:
            results["first_visits"] = measure_first_visits(site, base)
        with serve_compressed(site) as base:
            results["lighthouse"] = measure_lighthouse(site, base, chromium_path(), CHROMIUM_ARGS)
    _write(results)
    return 0


def _write(results: dict[str, Any]) -> None:
    results["table"] = table(results)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    width = max(len(r[0]) for r in results["table"])
    for name, value, goal, ok in results["table"]:
        print(f"{name:<{width}}  {value:<45} {goal:<14} {ok}")
    print(f"\nwrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    raise SystemExit(main())
