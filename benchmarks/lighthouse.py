"""Lighthouse on every page of the built book: mobile profile, the tests' Chromium.

Lighthouse is pinned in ``benchmarks/package.json`` (and its lock file) and installed
into ``benchmarks/node_modules`` with ``npm ci`` the first time this runs; readers,
the book command and the tests never need it. The site is served the way GitHub
Pages serves it (text gzip-compressed) on 127.0.0.1. Goals (issue 17): performance
≥ 95, accessibility 100, best practices 100, SEO ≥ 95 on every page; and first-visit
weights: a page with charts ≤ 1 MB, a text page ≤ 400 KB, as transferred.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CLI = HERE / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
GOALS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 95}
CHART_PAGE_BYTES = 1_000_000
TEXT_PAGE_BYTES = 400_000


def ensure_lighthouse() -> Path:
    """Install the pinned Lighthouse with ``npm ci`` unless it is there; return its CLI."""
    if CLI.is_file():
        return CLI
    if shutil.which("npm") is None:
        raise SystemExit("benchmarks: Lighthouse needs Node.js and npm (apt-get install npm)")
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True)
    return CLI


def audit(url: str, chromium: str, flags: list[str]) -> dict[str, Any]:
    """One Lighthouse run (mobile, simulated throttling): scores and transferred bytes."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        subprocess.run(
            [
                "node",
                str(ensure_lighthouse()),
                url,
                "--output=json",
                f"--output-path={out}",
                f"--only-categories={','.join(CATEGORIES)}",
                "--form-factor=mobile",
                "--quiet",
                f"--chrome-flags={' '.join(['--headless=new', *flags])}",
            ],
            check=True,
            env={**os.environ, "CHROME_PATH": chromium},
            capture_output=True,
            text=True,
        )
        report = json.loads(out.read_text(encoding="utf-8"))
    scores = {c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES}
    failed = sorted(
        audit_id
        for c in CATEGORIES
        for ref in report["categories"][c]["auditRefs"]
        if ref["weight"] > 0
        and (audit_id := ref["id"]) in report["audits"]
        and (report["audits"][audit_id]["score"] or 0) < 0.9
        and report["audits"][audit_id]["scoreDisplayMode"] in ("binary", "numeric")
    )
    weight = report["audits"]["total-byte-weight"]["numericValue"]
    return {**scores, "bytes": int(weight), "below_90": failed}


def measure_lighthouse(html: Path, base: str, chromium: str, flags: list[str]) -> dict[str, Any]:
    """Lighthouse scores and first-visit weights for every page of the built site."""
    pages = sorted(
        p.relative_to(html).as_posix()
        for p in html.rglob("*.html")
        if not p.relative_to(html).parts[0].startswith("_") and p.name != "index.html"
    )
    results = {}
    for page in pages:
        charts = (html / page).read_text(encoding="utf-8").count('<div class="teachkit-chart"')
        result = audit(f"{base}/{page}", chromium, flags)
        result["charts"] = charts
        results[page] = result
        print(f"  lighthouse {page}: {result}", flush=True)
    return {
        "pages": results,
        "worst": {c: min(r[c] for r in results.values()) for c in CATEGORIES},
        "heaviest_chart_page_bytes": max(
            (r["bytes"] for r in results.values() if r["charts"]), default=0
        ),
        "heaviest_text_page_bytes": max(
            (r["bytes"] for r in results.values() if not r["charts"]), default=0
        ),
    }


def rows(light: dict[str, Any]) -> list[tuple[str, str, str, bool]]:
    """(figure, value, goal, met) rows for the benchmark table."""
    worst = light["worst"]
    out = [
        (
            f"Lighthouse {c} (mobile, worst page)",
            str(worst[c]),
            f"≥ {GOALS[c]}" if GOALS[c] < 100 else "100",
            worst[c] >= GOALS[c],
        )
        for c in CATEGORIES
    ]
    chart, text = light["heaviest_chart_page_bytes"], light["heaviest_text_page_bytes"]
    out.append(
        (
            "first visit, heaviest chart page, gzip",
            f"{chart / 1000:.0f} KB",
            "≤ 1000 KB",
            chart <= CHART_PAGE_BYTES,
        )
    )
    out.append(
        (
            "first visit, heaviest text page, gzip",
            f"{text / 1000:.0f} KB",
            "≤ 400 KB",
            text <= TEXT_PAGE_BYTES,
        )
    )
    return out
