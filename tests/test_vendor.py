"""The JavaScript the book serves itself: present, unmodified, licensed, and the right versions."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import altair as alt

from teachkit import sphinxext

VENDOR = sphinxext.STATIC / "vendor"
MANIFEST = json.loads((VENDOR / "vendor.json").read_text(encoding="utf-8"))


def _version(package: str) -> str:
    return str(next(r["version"] for r in MANIFEST if r["package"] == package))


def test_every_vendored_file_matches_its_recorded_hash() -> None:
    for record in MANIFEST:
        path = VENDOR / record["file"]
        assert path.is_file(), record["file"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == record["sha256"], record["file"]


def test_every_vendored_file_is_recorded_with_a_licence() -> None:
    recorded = {r["file"] for r in MANIFEST}
    on_disk = {
        p.relative_to(VENDOR).as_posix()
        for p in VENDOR.rglob("*")
        if p.is_file() and p.parent.name != "licenses" and p.name != "vendor.json"
    }
    assert on_disk == recorded
    licences = {p.stem for p in (VENDOR / "licenses").iterdir()}
    for record in MANIFEST:
        assert record["license"], record["file"]
        safe = record["package"].replace("@", "").replace("/", "-")
        # requirejs states its MIT licence in the header of require.js itself
        assert safe in licences or record["package"] == "requirejs", record["package"]
    assert "Released under MIT license" in (VENDOR / "require.js").read_text()[:2000]


def test_vendored_vega_matches_what_altair_targets() -> None:
    assert _version("vega-lite") == alt.VEGALITE_VERSION
    assert _version("vega").split(".")[0] == alt.VEGA_VERSION.split(".")[0]
    assert _version("vega-embed").split(".")[0] == alt.VEGAEMBED_VERSION.split(".")[0]


def test_the_extension_points_only_at_vendored_files() -> None:
    for script in [*sphinxext.VEGA_SCRIPTS, *sphinxext.WIDGET_SCRIPTS, sphinxext.MATHJAX]:
        assert (sphinxext.STATIC / script).is_file(), script
    assert (sphinxext.STATIC / "teachkit.js").is_file()


def test_vendored_files_ship_in_the_wheel_config() -> None:
    pyproject = (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text()
    assert '"html-static/vendor/*"' in pyproject
    assert '"html-static/vendor/*/*"' in pyproject
