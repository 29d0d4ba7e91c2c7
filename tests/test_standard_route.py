"""The standard Jupyter Book route: `pip install -r requirements.txt`, then `jupyter-book build .`.

Nothing installs teachkit on that route. The book's `_config.yml` finds the
Sphinx extension in `src/` (`local_extensions`) and `teachkit.book.kernels`
puts the same folder on the chapter kernels' path. The test proves it in a
virtual environment that sees every package of the test environment except
teachkit (a `.pth` line adds the test environment's site-packages, whose own
`.pth` files, the editable teachkit's among them, Python does not process).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest
from bookhelpers import ROOT, sphinx_problems

pytestmark = pytest.mark.build

CHAPTER = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
    format_version: 0.13
    jupytext_version: 1.19.6
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

# Where teachkit comes from

```{code-cell} ipython3
import teachkit as tk

print("kernel teachkit from", tk.__file__)
tk.load("summits").shape[0] > 0
```
"""


@pytest.fixture(scope="module")
def bare_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Python with the test environment's packages but no teachkit."""
    env = tmp_path_factory.mktemp("bare") / "venv"
    venv.create(env, with_pip=False)
    python = env / "bin" / "python"
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(purelib, "test-environment.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    found = subprocess.run(
        [python, "-c", "import importlib.util as u; print(u.find_spec('teachkit'))"],
        capture_output=True,
        text=True,
        check=True,
        cwd=env,
    ).stdout.strip()
    assert found == "None", found  # teachkit really is missing
    return python


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX venv layout")
def test_jupyter_book_builds_the_book_without_teachkit_installed(
    bare_python: Path, tmp_path: Path
) -> None:
    book = tmp_path / "book"
    (book / "chapters").mkdir(parents=True)
    shutil.copy(ROOT / "_config.yml", book / "_config.yml")
    for name in ("src", "vendor", "data"):
        (book / name).symlink_to(ROOT / name, target_is_directory=True)
    (book / "intro.md").write_text("# A book\n\nSee {doc}`chapters/fixture`.\n")
    (book / "chapters" / "fixture.md").write_text(CHAPTER)
    (book / "_toc.yml").write_text(
        "format: jb-book\nroot: intro\nchapters:\n  - file: chapters/fixture\n"
    )
    proc = subprocess.run(
        [
            bare_python,
            "-c",
            "from jupyter_book.cli.main import main; main()",
            "build",
            ".",
            "-W",
            "-n",
            "--keep-going",
        ],
        capture_output=True,
        text=True,
        cwd=book,
        timeout=900,
        check=False,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-4000:]
    assert not sphinx_problems(output), output[-4000:]
    page = (book / "_build" / "html" / "chapters" / "fixture.html").read_text(encoding="utf-8")
    assert f"kernel teachkit from {ROOT / 'src' / 'teachkit' / '__init__.py'}" in page
    assert "Kernel is running over TCP" not in output
