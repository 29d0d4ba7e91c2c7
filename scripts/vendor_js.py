"""Refresh the JavaScript the book serves from its own pages (an author's tool).

The published book must load nothing from a CDN, so the Vega runtime, the
Jupyter widgets HTML manager, require.js and MathJax are committed under
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
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "vendor"

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
    "mathjax": (
        "3.2.2",
        "Apache-2.0",
        {"es5/tex-svg-full.js": "mathjax/tex-svg-full.js"},
        "LICENSE",
    ),
}


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


def main() -> int:
    if shutil.which("npm") is None:
        print("npm is needed only to refresh vendored files; install Node.js.", file=sys.stderr)
        return 2
    records = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, (version, licence, files, licence_file) in PACKAGES.items():
            package = _pack(name, version, Path(tmp))
            for pattern, target in files.items():
                for source in sorted(package.glob(pattern)):
                    dest = VENDOR / (target + source.name if target.endswith("/") else target)
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(source, dest)
                    records.append(
                        {
                            "file": dest.relative_to(VENDOR).as_posix(),
                            "package": name,
                            "version": version,
                            "license": licence,
                            "source": f"npm:{name}@{version}/{source.relative_to(package)}",
                            "sha256": _sha256(dest),
                        }
                    )
            if licence_file is not None:
                safe = name.replace("@", "").replace("/", "-")
                shutil.copyfile(package / licence_file, VENDOR / "licenses" / f"{safe}.txt")
    manifest = VENDOR / "vendor.json"
    manifest.write_text(json.dumps(records, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {len(records)} files and {manifest.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
