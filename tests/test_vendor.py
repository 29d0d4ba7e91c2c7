"""The JavaScript the book serves itself: present, unmodified, licensed, and the right versions."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import altair as alt
import pytest
import vl_convert

from teachkit.book import pages, sphinxext

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "vendor"
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
    assert _version("vega").split(".")[0] == alt.VEGA_VERSION.split(".")[0]
    # pages draw Vega compiled at build time from Altair's Vega-Lite: vl-convert must know it
    altair_vl = ".".join(alt.VEGALITE_VERSION.split(".")[:2])
    assert altair_vl in vl_convert.get_vegalite_versions()
    assert sphinxext.vegalite_version({"$schema": alt.SCHEMA_URL}) == altair_vl


def test_pages_need_no_vegalite_compiler_or_embed_bundle() -> None:
    recorded = {r["package"] for r in MANIFEST}
    assert not recorded & {"vega-lite", "vega-embed"}
    assert sphinxext.VEGA_RUNTIME == "vendor/vega.min.js"


def test_the_extension_points_only_at_vendored_files() -> None:
    vendor = sphinxext.vendor_dir(ROOT)
    assert vendor == VENDOR.resolve()
    for script in [sphinxext.VEGA_RUNTIME, pages.ICONS_CSS]:
        assert (vendor.parent / script).is_file(), script
    for script in sphinxext.WIDGET_SCRIPTS:
        assert (vendor.parent / script).is_file() or (sphinxext.STATIC / script).is_file(), script
    assert (sphinxext.STATIC / "teachkit.js").is_file()


def test_a_book_without_its_vendored_javascript_is_a_clear_config_error(tmp_path: Path) -> None:
    from sphinx.errors import ConfigError

    with pytest.raises(ConfigError, match=r"teachkit_vendor_dir: no vendored JavaScript at"):
        sphinxext.vendor_dir(tmp_path)
    with pytest.raises(ConfigError, match="named 'vendor'"):
        sphinxext.vendor_dir(ROOT, "data")
    assert sphinxext.vendor_dir(tmp_path, str(VENDOR)) == VENDOR.resolve()


def test_the_wheel_is_light_and_carries_data_not_javascript(tmp_path: Path) -> None:
    """Students install teachkit everywhere: the wheel has the data, and no vendored JS."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("teachkit-*.whl")
    assert wheel.stat().st_size < 1_000_000, f"{wheel.name}: {wheel.stat().st_size} bytes"
    names = set(zipfile.ZipFile(wheel).namelist())
    assert not [n for n in names if "vendor" in n or n.endswith((".woff", ".woff2"))]
    for extra in ("teachkit.js", "teachkit-widgets.js", "teachkit.css", "favicon.svg"):
        assert f"teachkit/book/static/{extra}" in names
    for card in ("wheeler", "kydd", "holsti", "richardson", "axelrod"):
        assert f"teachkit/models/cards/{card}.toml" in names
    assert "teachkit/py.typed" in names
    assert "teachkit/data/files/datapackage.json" in names
    assert "teachkit/data/files/summits.csv" in names
