"""Refresh the JavaScript the book serves from its own pages (an author's tool).

The published book must load nothing from a CDN, so the Vega runtime, the
Jupyter widgets HTML manager, require.js and the theme's icons (a subset of Font
Awesome, as one stylesheet) are committed under
``vendor/`` (the book's files, not the package's) with their licences,
and their versions and hashes are recorded in ``vendor.json`` there.  Readers and the book command
never need node or npm; only this script does, when an author bumps a version.

Usage::

    python scripts/vendor_js.py            # fetch the pinned versions with `npm pack`

Edit ``PACKAGES`` below to change a version, run the script, rebuild the book
and run the tests (``tests/test_vendor.py`` checks the hashes, that Vega's
major version matches Altair's, and that vl-convert, which compiles Altair's
Vega-Lite to Vega when the book is built, knows Altair's Vega-Lite version).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "vendor"
# what only the tests load (never a page of the book): the accessibility engine
TEST_VENDOR = ROOT / "tests" / "vendor"

# npm package -> (version, licence id, {file or glob in the package: file or folder/ under vendor/},
#                 licence file in the package or None when the licence sits in the file header)
PACKAGES: dict[str, tuple[str, str, dict[str, str], str | None]] = {
    "vega": ("6.4.0", "BSD-3-Clause", {"build/vega.min.js": "vega.min.js"}, "LICENSE"),
    "requirejs": ("2.3.8", "MIT", {"require.js": "require.js"}, None),
    "@jupyter-widgets/html-manager": (
        "1.0.15",
        "BSD-3-Clause",
        {
            "dist/embed-amd.js": "embed-amd.js",
            # the manager asks for its fonts at <assets path>/@jupyter-widgets/html-manager/dist/
            "dist/*.woff2": "@jupyter-widgets/html-manager/dist/",
            "dist/*.woff": "@jupyter-widgets/html-manager/dist/",
        },
        "dist/embed.js.LICENSE.txt",
    ),
}

TEST_PACKAGES: dict[str, tuple[str, str, dict[str, str], str | None]] = {
    "axe-core": ("4.14.1", "MPL-2.0", {"axe.min.js": "axe.min.js"}, "LICENSE"),
}

# The theme's icons, without its 1.45 MB Font Awesome script: one stylesheet of the icons the
# pages use, each an SVG mask painted in the text colour (teachkit.book.pages loads it).
# Font Awesome Free's icons are CC BY 4.0; the version is the one the theme bundles.
ICONS_PACKAGE = ("@fortawesome/fontawesome-free", "6.5.2", "CC-BY-4.0", "LICENSE.txt")
ICONS_CSS = "icons/icons.css"
# class name in the pages -> Font Awesome's solid icon
ICON_CLASSES = {
    name: name
    for name in (
        "magnifying-glass",
        "bars",
        "list",
        "sun",
        "moon",
        "circle-half-stroke",
        "expand",
        "arrow-up",
        "file-pdf",
        "download",
        "rocket",
        "code",
        "angle-right",
        "angle-left",
        "outdent",
        "file",
    )
}
# the theme's CSS-drawn icons (pseudo-elements that used the Font Awesome font) -> icon
PSEUDO_ICONS = {
    ".admonition>.admonition-title:after,div.admonition>.admonition-title:after": "bell",
    ".admonition:is(.attention,.important)>.admonition-title:after": "circle-exclamation",
    ".admonition:is(.caution,.warning,.danger)>.admonition-title:after": "triangle-exclamation",
    ".admonition.error>.admonition-title:after": "circle-xmark",
    ".admonition:is(.hint,.tip)>.admonition-title:after": "lightbulb",
    ".admonition.note>.admonition-title:after": "circle-info",
    ".admonition.seealso>.admonition-title:after": "share",
    ".admonition.admonition-todo>.admonition-title:after": "pencil",
    "a.reference.download:before": "download",
    ".nav-link.nav-external:after,nav.bd-links li>a.reference.external:after": (
        "arrow-up-right-from-square"
    ),
    "ul.bd-breadcrumbs li.breadcrumb-item:not(.breadcrumb-home):before": "angle-right",
    ".bd-sidebar-secondary.hide:not(:hover) .onthispage:after": "angle-down",
    "div#searchbox p.highlight-link a:before": "magnifying-glass-minus",
}
ICONS_BASE = """/* Font Awesome Free {version} icons (CC BY 4.0, https://fontawesome.com/license/free),
   the few the book's pages use, as CSS masks. Made by scripts/vendor_js.py: do not edit. */
.fa-solid,.fas,.fa-brands,.fab,.fa-regular,.far{{display:inline-block;width:1em;height:1em;
vertical-align:-.125em;background-color:currentColor;-webkit-mask:var(--tk-icon) center/contain
no-repeat;mask:var(--tk-icon) center/contain no-repeat;font-style:normal}}
.fa-lg{{width:1.25em;height:1.25em;vertical-align:-.2em}}
html[data-mode=auto] .theme-switch-button .theme-switch[data-mode=auto],
html[data-mode=dark] .theme-switch-button .theme-switch[data-mode=dark],
html[data-mode=light] .theme-switch-button .theme-switch[data-mode=light]{{display:inline-block}}
"""
PSEUDO_BASE = (
    "{content:'';font:inherit;display:inline-block;width:1em;height:1em;vertical-align:-.125em;"
    "background-color:currentColor;-webkit-mask:var(--tk-icon) center/contain no-repeat;"
    "mask:var(--tk-icon) center/contain no-repeat}"
)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _pack(name: str, version: str, workdir: Path) -> Path:
    """Download one npm tarball with ``npm pack`` and unpack it."""
    out = (
        subprocess.run(
            ["npm", "pack", "--silent", f"{name}@{version}"],
            cwd=workdir,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    dest = workdir / out.removesuffix(".tgz")
    with tarfile.open(workdir / out) as tar:
        tar.extractall(dest, filter="data")
    return dest / "package"


def _svg_url(svg: str) -> str:
    """An SVG as a CSS ``url()`` (comments dropped, characters URL-escaped)."""
    body = re.sub(r"<!--.*?-->", "", svg).strip()
    escaped = body.replace("%", "%25").replace("#", "%23").replace('"', "'")
    return 'url("data:image/svg+xml,' + escaped.replace("<", "%3C").replace(">", "%3E") + '")'


def build_icons(package: Path, version: str) -> str:
    """The icons stylesheet: classes for ``<i class="fa-solid fa-…">`` and the theme's CSS icons."""

    def url(name: str) -> str:
        return _svg_url((package / "svgs" / "solid" / f"{name}.svg").read_text(encoding="utf-8"))

    lines = [ICONS_BASE.format(version=version)]
    lines += [f".fa-{cls}{{--tk-icon:{url(icon)}}}" for cls, icon in ICON_CLASSES.items()]
    selectors = ",".join(PSEUDO_ICONS)
    lines.append(selectors + PSEUDO_BASE)
    lines += [f"{sel}{{--tk-icon:{url(icon)}}}" for sel, icon in PSEUDO_ICONS.items()]
    return "\n".join(lines) + "\n"


def _vendor_icons(workdir: Path) -> dict[str, str]:
    name, version, licence, licence_file = ICONS_PACKAGE
    package = _pack(name, version, workdir)
    dest = VENDOR / ICONS_CSS
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(build_icons(package, version), encoding="utf-8")
    safe = name.replace("@", "").replace("/", "-")
    shutil.copyfile(package / licence_file, VENDOR / "licenses" / f"{safe}.txt")
    return {
        "file": ICONS_CSS,
        "package": name,
        "version": version,
        "license": licence,
        "source": f"npm:{name}@{version}/svgs/solid (a subset, as CSS masks: scripts/vendor_js.py)",
        "sha256": _sha256(dest),
    }


def _vendor(packages: dict[str, Any], root: Path, workdir: Path) -> list[dict[str, str]]:
    """Copy each package's pinned files under ``root``; return their manifest records."""
    records = []
    for name, (version, licence, files, licence_file) in packages.items():
        package = _pack(name, version, workdir)
        for pattern, target in files.items():
            for source in sorted(package.glob(pattern)):
                dest = root / (target + source.name if target.endswith("/") else target)
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, dest)
                records.append(
                    {
                        "file": dest.relative_to(root).as_posix(),
                        "package": name,
                        "version": version,
                        "license": licence,
                        "source": f"npm:{name}@{version}/{source.relative_to(package)}",
                        "sha256": _sha256(dest),
                    }
                )
        if licence_file is not None:
            safe = name.replace("@", "").replace("/", "-")
            (root / "licenses").mkdir(exist_ok=True)
            shutil.copyfile(package / licence_file, root / "licenses" / f"{safe}.txt")
    return records


def _write_manifest(root: Path, records: list[dict[str, str]]) -> None:
    manifest = root / "vendor.json"
    manifest.write_text(json.dumps(records, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {len(records)} files and {manifest.relative_to(ROOT)}")


def main() -> int:
    if shutil.which("npm") is None:
        print("npm is needed only to refresh vendored files; install Node.js.", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        records = _vendor(PACKAGES, VENDOR, Path(tmp))
        records.append(_vendor_icons(Path(tmp)))
        _write_manifest(VENDOR, records)
        _write_manifest(TEST_VENDOR, _vendor(TEST_PACKAGES, TEST_VENDOR, Path(tmp)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
