"""The environment of the kernels that execute the chapters during a book build.

Two things every build needs, whichever way it was started (``dev.py book``,
or the standard ``pip install -r requirements.txt`` then ``jupyter-book build .``):

* **teachkit importable in the kernel.** Jupyter Book finds ``teachkit.book``
  through ``local_extensions`` in ``_config.yml`` (the repository's ``src``),
  even when teachkit is not installed; the kernels that run the chapters are
  separate processes, so :func:`kernel_environment` puts that same folder on
  their ``PYTHONPATH``.
* **a quiet, reproducible IPython.** Unless the reader has set ``IPYTHONDIR``,
  kernels use a profile inside the build folder whose only setting silences
  ipykernel's start-up notice ("Kernel is running over TCP without
  encryption", a local build's kernels listen on 127.0.0.1 only): a build log
  then shows only what matters, and no personal start-up script changes a
  chapter's output.
"""

from __future__ import annotations

import json
import os
import site
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

KERNEL_CONFIG = {"IPKernelApp": {"log_level": "ERROR"}}
"""The kernels' only IPython setting: log errors, not the TCP start-up notice."""


def _installed_roots() -> set[Path]:
    roots = [*site.getsitepackages(), site.getusersitepackages()]
    return {Path(p).resolve() for p in roots}


def kernel_environment(
    environ: Mapping[str, str], build_dir: Path, package_root: Path
) -> dict[str, str]:
    """The variables to set for chapter kernels (only those that change).

    Parameters
    ----------
    environ : Mapping
        The build's environment (``os.environ``).
    build_dir : Path
        The book's build folder (``_build``); the IPython profile goes inside.
    package_root : Path
        The folder that holds the ``teachkit`` package.

    Returns
    -------
    dict
        ``PYTHONPATH`` when teachkit is not installed in site-packages, and
        ``IPYTHONDIR`` unless the reader set one.

    Examples
    --------
    >>> env = kernel_environment({}, Path("/b/_build"), Path("/b/src"))
    >>> env["PYTHONPATH"], env["IPYTHONDIR"]
    ('/b/src', '/b/_build/.ipython')
    >>> kernel_environment({"IPYTHONDIR": "/mine"}, Path("/b"), Path(sys.prefix)) == {}
    True
    """
    changes: dict[str, str] = {}
    root = package_root.resolve()
    if root not in _installed_roots() and root != Path(sys.prefix).resolve():
        paths = [p for p in environ.get("PYTHONPATH", "").split(os.pathsep) if p]
        if str(root) not in paths:
            changes["PYTHONPATH"] = os.pathsep.join([str(root), *paths])
    if not environ.get("IPYTHONDIR"):
        changes["IPYTHONDIR"] = str(build_dir / ".ipython")
    return changes


def _write_profile(ipython_dir: Path) -> None:
    profile = ipython_dir / "profile_default"
    profile.mkdir(parents=True, exist_ok=True)
    target = profile / "ipython_kernel_config.json"
    text = json.dumps(KERNEL_CONFIG, indent=2) + "\n"
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")


def _prepare(app: Sphinx, config: Config) -> None:
    import teachkit

    del config
    build_dir = Path(app.outdir).parent
    changes = kernel_environment(os.environ, build_dir, Path(teachkit.__file__).parents[1])
    if "IPYTHONDIR" in changes:
        _write_profile(Path(changes["IPYTHONDIR"]))
    os.environ.update(changes)


def register(app: Sphinx) -> None:
    """Set the chapter kernels' environment once the configuration is read."""
    app.connect("config-inited", _prepare)
