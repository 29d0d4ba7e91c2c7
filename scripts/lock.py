"""Write the book's hashed locks from pyproject.toml: requirements.txt and requirements-test.txt.

    python scripts/lock.py              keep every version already locked, add what is new
    python scripts/lock.py --upgrade    move every package to the newest version allowed

* ``requirements.txt``: teachkit's own dependencies and the ``book`` extra,
  everything needed to build and read the book (the standard route:
  ``pip install -r requirements.txt`` then ``jupyter-book build .``).
* ``requirements-tools.txt``: the same versions plus the ``tools`` extra
  (otter-grader, Playwright, pypdf: ``dev.py assign``, ``grade`` and ``pdf``).
* ``requirements-test.txt``: the same versions plus the ``test`` extra (tests and linters).

Every package, direct or not, is pinned with its hashes, for every platform
(``uv pip compile --universal``), so a fresh machine installs exactly what CI
tested. uv is fetched from PyPI into a temporary folder when it is not on PATH.
Commit the two files together, in their own commit.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UV_VERSION = "0.13.9"
PYTHON = "3.11.5"  # the oldest Python the locks resolve for (soupsieve, a test tool, needs 3.11.5)
LOCKS = {
    "requirements.txt": ["book"],
    "requirements-tools.txt": ["book", "tools"],
    "requirements-test.txt": ["book", "tools", "test"],
}
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.MULTILINE)


def pins(path: Path) -> dict[str, str]:
    """The ``name==version`` pins of a requirements file (none if it does not exist)."""
    if not path.exists():
        return {}
    return {name.lower(): version for name, version in _PIN.findall(path.read_text())}


def find_uv(scratch: Path) -> str:
    """Uv on PATH, or one installed from PyPI into ``scratch``."""
    found = shutil.which("uv")
    if found:
        return found
    target = scratch / "uv"
    pip = [sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    subprocess.run([*pip, "--target", str(target), f"uv=={UV_VERSION}"], check=True)
    return str(target / "bin" / "uv")


def compile_lock(uv: str, name: str, extras: list[str], constraints: Path | None) -> None:
    """Resolve pyproject.toml with ``extras`` into the hashed lock ``name``."""
    cmd = [uv, "pip", "compile", "pyproject.toml", "--universal", "--generate-hashes",
           "--python-version", PYTHON, "--output-file", name, "--quiet",
           "--custom-compile-command", "python scripts/lock.py"]  # fmt: skip
    for extra in extras:
        cmd += ["--extra", extra]
    if constraints is not None:
        cmd += ["--constraint", str(constraints)]
    subprocess.run(cmd, cwd=ROOT, check=True)


def _drop_constraint_notes(lock: Path, constraints: Path) -> None:
    """Remove uv's "via -c /tmp/..." notes: the temporary file means nothing to a reader."""
    lines = lock.read_text().splitlines(keepends=True)
    lock.write_text("".join(line for line in lines if str(constraints) not in line))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--upgrade", action="store_true", help="ignore the versions locked now")
    args = parser.parse_args(argv)
    locked: dict[str, str] = {}
    if not args.upgrade:  # read every lock before writing any: they constrain each other
        for name in reversed(list(LOCKS)):
            locked.update(pins(ROOT / name))
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        uv = find_uv(scratch)
        constraints = scratch / "locked.txt"
        constraints.write_text("".join(f"{k}=={v}\n" for k, v in sorted(locked.items())))
        for name, extras in LOCKS.items():
            compile_lock(uv, name, extras, constraints if locked else None)
            locked.update(pins(ROOT / name))  # each later lock keeps the earlier's versions
            constraints.write_text("".join(f"{k}=={v}\n" for k, v in sorted(locked.items())))
            _drop_constraint_notes(ROOT / name, constraints)
            print(f"wrote {name}: {len(pins(ROOT / name))} packages, with hashes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
