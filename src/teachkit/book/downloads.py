"""Chapter downloads: each notebook page offers the chapter as an executed ``.ipynb``.

The download is ``_sources/<docname>.ipynb``: the chapter as the build executed it
(outputs included), opened by a one-line Markdown cell and an install cell
(:func:`install_cell_source`) so that it runs outside the repository. The theme's
download menu offers it in place of the ``.md`` source. Colab's launch button
(:mod:`teachkit.book.launch`) opens this notebook from the published site.
"""

from __future__ import annotations

import copy
import importlib
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx

PIP_SOURCE_ENV = "TEACHKIT_PIP_SOURCE"
_NOTEBOOK_PRIORITY = 450

logger = logging.getLogger(__name__)


def install_cell_source(pip_source: str | None) -> str:
    """The code of the first cell of every notebook the book hands out.

    It does nothing where teachkit is already importable (the repository, its Binder),
    and otherwise installs it with pip from ``$TEACHKIT_PIP_SOURCE`` or, failing that,
    from ``pip_source`` (e.g. ``git+https://github.com/OWNER/REPO@main``). With neither,
    it stops with a message that says how to install teachkit.

    Parameters
    ----------
    pip_source : str or None
        What ``pip install`` should be given by default; None when the book does
        not know where teachkit is published.

    Returns
    -------
    str
        Python source for a notebook code cell.

    Examples
    --------
    >>> "pip" in install_cell_source("git+https://github.com/o/r@main")
    True
    """
    default = repr(pip_source) if pip_source else "None"
    return (
        "# Set-up: install teachkit if this environment does not have it (Colab, a fresh venv).\n"
        "# Where teachkit is already installed (the book's repository, its Binder) this does "
        "nothing.\n"
        "import importlib.util, os, subprocess, sys\n"
        "\n"
        'if importlib.util.find_spec("teachkit") is None:\n'
        f'    source = os.environ.get("{PIP_SOURCE_ENV}") or {default}\n'
        "    if source is None:\n"
        "        raise RuntimeError(\n"
        '            "teachkit is not installed and this notebook does not know where it is "\n'
        f'            "published: set {PIP_SOURCE_ENV} to a pip requirement for it (a path to "\n'
        '            "the book\'s repository or a git+https:// URL) and run this cell again."\n'
        "        )\n"
        '    print(f"Installing teachkit from {source} ...")\n'
        '    subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", source])\n'
        "    importlib.invalidate_caches()\n"
    )


def intro_text(title: str, book: str) -> str:
    """The one-line Markdown cell that opens a download notebook."""
    return (
        f"**{title}**, a chapter of *{book}*, as a notebook with the outputs of the book's "
        "build. Run the next cell first: it installs teachkit, the book's Python package, "
        "if your Python does not have it."
    )


def download_notebook(executed: Any, *, pip_source: str | None, intro: str) -> Any:
    """The notebook a chapter downloads as: ``executed`` after an intro and an install cell.

    Parameters
    ----------
    executed : nbformat.NotebookNode
        The chapter as the build executed it (left unchanged).
    pip_source : str or None
        See :func:`install_cell_source`.
    intro : str
        Markdown for the first cell (:func:`intro_text`).

    Returns
    -------
    nbformat.NotebookNode
        A valid nbformat 4.5 notebook (validated).
    """
    nbformat = _nbformat()
    notebook = copy.deepcopy(executed)
    for key in ("jupytext", "source_map"):  # about the .md file the build read, not this one
        notebook.metadata.pop(key, None)
    first = nbformat.v4.new_markdown_cell(intro, id="teachkit-intro")
    install = nbformat.v4.new_code_cell(install_cell_source(pip_source), id="teachkit-install")
    install.metadata["tags"] = ["teachkit-install"]
    notebook.cells = [first, install, *notebook.cells]
    notebook.nbformat, notebook.nbformat_minor = 4, max(5, int(notebook.nbformat_minor))
    seen: set[str] = set()
    for index, cell in enumerate(notebook.cells):
        if not cell.get("id") or cell["id"] in seen:  # ids are required from nbformat 4.5
            cell["id"] = f"cell-{index}"
        seen.add(cell["id"])
    nbformat.validate(notebook)
    return notebook


# -- Sphinx event handlers ----------------------------------------------------------


def _nbformat() -> Any:
    return importlib.import_module("nbformat")  # untyped; needed only when building


def _is_notebook(app: Sphinx, pagename: str) -> bool:
    return app.builder.format == "html" and "kernelspec" in app.env.metadata.get(pagename, {})


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", delete=False
    ) as handle:
        handle.write(text)
    os.replace(handle.name, path)


def _offer_notebook(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Write the page's download notebook into ``_sources`` and offer it in the menu."""
    if not _is_notebook(app, pagename):
        return
    nbformat = _nbformat()
    folder = getattr(getattr(app.env, "mystnb_config", None), "output_folder", "")
    executed = Path(folder or Path(app.outdir).parent / "jupyter_execute") / f"{pagename}.ipynb"
    if not executed.is_file():
        logger.warning(
            "no executed notebook at %s, so the page offers no .ipynb download",
            executed,
            location=pagename,
            type="teachkit",
            subtype="launch",
        )
        return
    from teachkit.book.launch import settings_for

    repository = settings_for(app).repository
    title = app.env.titles[pagename].astext() if pagename in app.env.titles else pagename
    notebook = download_notebook(
        nbformat.read(executed, as_version=4),
        pip_source=repository.pip_source if repository else None,
        intro=intro_text(title, str(app.config.html_title or app.config.project)),
    )
    _write_atomic(Path(app.outdir) / "_sources" / f"{pagename}.ipynb", nbformat.writes(notebook))
    context["ipynb_source"] = f"{pagename}.ipynb"
