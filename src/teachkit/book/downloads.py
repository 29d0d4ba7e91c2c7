"""Chapter downloads: each notebook page offers the chapter as an executed ``.ipynb``.

The download is ``_sources/<docname>.ipynb``: the chapter as the build executed it
(outputs included), opened by a one-line Markdown cell and an install cell
(:func:`install_cell_source`) so that it runs outside the repository. The theme's
download menu offers it in place of the ``.md`` source. Colab's launch button
(:mod:`teachkit.book.launch`) opens this notebook from the published site.

Every chart output also carries a still SVG picture of the chart
(:mod:`teachkit.book.chart_pictures`), which Colab, GitHub and nbviewer show where they
cannot draw the interactive Vega; JupyterLab, Notebook 7 and VS Code still draw the Vega.
The opening cell then says so (:data:`~teachkit.book.chart_pictures.HINT`).
"""

from __future__ import annotations

import copy
import importlib
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from teachkit.book.chart_pictures import HINT, add_chart_pictures

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


_OPEN = re.compile(r"^(?P<fence>:{3,}|`{3,})\{(?P<name>[\w:-]+)\}[ \t]*(?P<arg>.*)$")
_OPTION = re.compile(r"^:[\w-]+:.*$")
_ROLE = re.compile(r"\{(?P<role>[\w:-]+)\}`(?P<text>[^`]*)`")
_TARGET = re.compile(r"^\([\w:-]+\)=\s*$")
_PAGE_ONLY = {  # directives whose content only the book's page can show
    "teachkit-quiz": "**Check yourself.** This chapter's self-check quiz is on its page in "
    "the book{where}.",
    "teachkit-glossary": "*The glossary is on its page in the book{where}.*",
    "teachkit-data-appendix": "*The data appendix is on its page in the book{where}.*",
    "bibliography": "*The references are on the bibliography page of the book{where}.*",
}


def _role(match: re.Match[str]) -> str:
    role, text = match["role"], match["text"]
    if role.startswith("cite"):
        return f"[{text}]"
    text = " ".join(text.split())
    shown = text.split("<", 1)[0].strip() if text.endswith(">") else text
    return shown or text


def readable_markdown(source: str, *, page_url: str | None = None) -> str:
    r"""A Markdown cell of a chapter with its MyST syntax made plain Markdown for Jupyter.

    Exercises and other directives become a bold title and their text (options and
    fences dropped), roles become their text (``{term}`trust``` gives ``trust``, a
    citation its key in brackets), targets such as ``(label)=`` go, and what only the
    book's page can show (the self-check quiz, the glossary) is replaced by a pointer to
    the page, ``page_url`` when the book knows its address.

    Examples
    --------
    >>> print(readable_markdown(":::{exercise}\n:label: ex-1\n\nSee {term}`trust`.\n:::"))
    **Exercise.**
    <BLANKLINE>
    See trust.
    """
    where = f" ({page_url})" if page_url else ""
    out: list[str] = []
    fences: list[tuple[str, bool]] = []  # open directives: (fence, content shown)
    options = False
    for line in source.split("\n"):
        stripped = line.strip()
        if fences and stripped == fences[-1][0]:
            fences.pop()
            continue
        if options and _OPTION.match(stripped):
            continue
        options = False
        opened = _OPEN.match(stripped)
        hidden = any(not shown for _, shown in fences)
        if opened:
            name = opened["name"]
            fences.append((opened["fence"], name not in _PAGE_ONLY))
            options = True
            if not hidden:
                title = name.split(":")[-1].replace("-", " ").capitalize()
                arg = f" {opened['arg']}" if opened["arg"] and name != "solution" else ""
                out.append(
                    _PAGE_ONLY[name].format(where=where)
                    if name in _PAGE_ONLY
                    else f"**{title}.**{arg}"
                )
            continue
        if hidden or _TARGET.match(stripped):
            continue
        out.append(line)
    return _ROLE.sub(_role, "\n".join(out)).strip("\n")  # a role may span two lines


def download_notebook(
    executed: Any,
    *,
    pip_source: str | None,
    intro: str,
    page_url: str | None = None,
    warn: Callable[[str], None] | None = None,
) -> Any:
    """The notebook a chapter downloads as: ``executed`` after an intro and an install cell.

    Every chart output gains a still picture (:mod:`teachkit.book.chart_pictures`), and
    the intro, when there are charts, a paragraph saying so.

    Parameters
    ----------
    executed : nbformat.NotebookNode
        The chapter as the build executed it (left unchanged).
    pip_source : str or None
        See :func:`install_cell_source`.
    intro : str
        Markdown for the first cell (:func:`intro_text`).
    page_url : str or None
        The chapter's page in the published book, for :func:`readable_markdown`.
    warn : callable or None
        Called with a message for each chart whose picture cannot be made; without it,
        such a chart raises ``ValueError``.

    Returns
    -------
    nbformat.NotebookNode
        A valid nbformat 4.5 notebook (validated).
    """
    nbformat = _nbformat()
    notebook = copy.deepcopy(executed)
    for key in ("jupytext", "source_map"):  # about the .md file the build read, not this one
        notebook.metadata.pop(key, None)
    if add_chart_pictures(notebook, warn):
        intro = f"{intro}\n\n{HINT}"
    first = nbformat.v4.new_markdown_cell(intro, id="teachkit-intro")
    install = nbformat.v4.new_code_cell(install_cell_source(pip_source), id="teachkit-install")
    install.metadata["tags"] = ["teachkit-install"]
    for cell in notebook.cells:  # Jupyter shows Markdown, not MyST
        if cell.cell_type == "markdown":
            cell.source = readable_markdown(cell.source, page_url=page_url)
    notebook.cells = [first, install, *notebook.cells]
    notebook.nbformat, notebook.nbformat_minor = 4, max(5, int(notebook.nbformat_minor))
    seen: set[str] = set()
    for index, cell in enumerate(notebook.cells):
        if not cell.get("id") or cell["id"] in seen:  # ids are required from nbformat 4.5
            cell["id"] = f"cell-{index}"
        seen.add(cell["id"])
    nbformat.validate(notebook)
    return notebook


def page_url(baseurl: str, repository: Any, docname: str) -> str | None:
    """A chapter's address in the published book, or None.

    Under ``html_baseurl`` if the book sets one, else on the repository's GitHub Pages
    site (where the deploy workflow publishes it).

    Examples
    --------
    >>> page_url("", None, "chapters/x") is None
    True
    >>> page_url("https://book.example.org/", None, "chapters/x")
    'https://book.example.org/chapters/x.html'
    """
    if baseurl.strip():
        return f"{baseurl.strip().rstrip('/')}/{docname}.html"
    if repository is not None:
        return f"https://{repository.owner.lower()}.github.io/{repository.name}/{docname}.html"
    return None


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
        page_url=page_url(str(app.config.html_baseurl or ""), repository, pagename),
        warn=lambda message: logger.warning(
            "%s", message, location=pagename, type="teachkit", subtype="chart-picture"
        ),
    )
    _write_atomic(Path(app.outdir) / "_sources" / f"{pagename}.ipynb", nbformat.writes(notebook))
    context["ipynb_source"] = f"{pagename}.ipynb"
