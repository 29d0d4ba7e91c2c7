"""Two editions of the book from one source: ``student`` (the default) and ``instructor``.

The environment variable ``TEACHKIT_EDITION`` chooses the edition when the book is
built (``TEACHKIT_EDITION=instructor jupyter-book build .``); it overrides the Sphinx
setting ``teachkit_edition``, whose default is ``student``. Any other value stops the
build with an error that names the valid editions.

The student edition, the published book, holds no solutions anywhere:

* a ``source-read`` (and ``include-read``) handler removes every sphinx-exercise
  solution from the source text before it is parsed, finding them with MyST's own
  parser (so each ends exactly where MyST ends it): ``{solution}`` directives in
  any case, written with colons or backticks, in list items, block quotes or other
  directives, ``.. solution::`` in ``{eval-rst}`` blocks, and gated
  ``{solution-start}`` ... ``{solution-end}`` pairs, code cells included (in an
  ``.ipynb`` file, across cells). A short note takes each one's place. The page, its search
  index entry and its executed notebook are made from this text, so nothing
  downstream ever sees a solution;
* the copies of the sources behind each page's "download .md" button
  (``_sources/``) are replaced, when the build finishes, by the same stripped text;
* what an earlier (instructor) build left in the output folder is removed: its
  words linked to no page in ``searchindex.js``, images and downloads no page
  uses (a solution's plot), and the instructor-only pages;
* as a last line of defence, a solution that still reaches a doctree is removed
  and reported as a warning (so the strict build fails);
* the instructor-only pages (``teachkit_instructor_pages``, by default
  ``chapters/instructor_guide``) are excluded and taken out of the table of
  contents, whether or not ``_toc.yml`` lists them.

The instructor edition keeps the solutions, adds the instructor-only pages as an
unnumbered last part of the table of contents (so chapter numbers are the same in
both editions) and says "instructor edition" in the book's title.
"""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.errors import ConfigError
from sphinx.util import logging

from teachkit.book.solutions import _LITERAL as _LITERAL
from teachkit.book.solutions import SOLUTION_NOTE as SOLUTION_NOTE  # re-exported
from teachkit.book.solutions import _closing as _closing
from teachkit.book.solutions import _directive as _directive
from teachkit.book.solutions import _opener as _opener
from teachkit.book.solutions import gated_span as gated_span
from teachkit.book.solutions import strip_solutions as strip_solutions
from teachkit.book.solutions import strip_source as strip_source

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

EDITION_ENV = "TEACHKIT_EDITION"
EDITIONS = ("student", "instructor")
DEFAULT_EDITION = "student"
INSTRUCTOR_PAGES = ("chapters/instructor_guide",)
INSTRUCTOR_CAPTION = "For instructors"
# run after sphinx-external-toc (priority 900) has parsed _toc.yml into a site map
_CONFIG_PRIORITY = 950
# remove a stray solution before sphinx-exercise (priority 500) records its label
_GUARD_PRIORITY = 400
_SOLUTION_NODES = ("solution_node", "solution_start_node", "solution_end_node")
logger = logging.getLogger(__name__)


class EditionError(ConfigError):
    """TEACHKIT_EDITION (or ``teachkit_edition``) names no edition of the book."""


def resolve_edition(value: str | None, default: str = DEFAULT_EDITION) -> str:
    """The edition to build: ``value`` (from TEACHKIT_EDITION) if set, else ``default``.

    Examples
    --------
    >>> resolve_edition(None)
    'student'
    >>> resolve_edition(" Instructor ")
    'instructor'
    """
    valid = " or ".join(repr(e) for e in EDITIONS)
    from_env = isinstance(value, str) and bool(value.strip())
    chosen = value if from_env else default
    if not isinstance(chosen, str):
        raise EditionError(
            f"teachkit_edition = {chosen!r} in the Sphinx configuration is a "
            f"{type(chosen).__name__}, not an edition name: use {valid}"
        )
    resolved = chosen.strip().lower()
    if resolved not in EDITIONS:
        where = f"{EDITION_ENV}={chosen!r}" if from_env else f"teachkit_edition = {chosen!r}"
        raise EditionError(
            f"{where} is not an edition of this book: use {valid} "
            f"(unset, {EDITION_ENV} means {DEFAULT_EDITION!r}), e.g. `{EDITION_ENV}=instructor "
            f"jupyter-book build .`"
        )
    return resolved


# -- Sphinx event handlers ----------------------------------------------------------


def edition(app: Sphinx) -> str:
    """The edition this build makes (resolved when the configuration is read)."""
    return str(app.config.teachkit_edition)


def _source_files(app: Sphinx, page: str) -> list[Path]:
    srcdir = Path(app.srcdir)
    return [
        srcdir / f"{page}{s}" for s in app.config.source_suffix if (srcdir / f"{page}{s}").is_file()
    ]


def instructor_pages(app: Sphinx, config: Config) -> list[str]:
    """``teachkit_instructor_pages``, checked: a list of the names of existing pages.

    The student edition deletes these pages' files from the output folder, so a
    name that is empty, a folder, a pattern or the root page would delete far more:
    each is a :class:`EditionError`. The default (``chapters/instructor_guide``)
    may be missing from a book; a page named in the configuration may not.
    """
    value = config.teachkit_instructor_pages
    example = "e.g. ['chapters/instructor_guide']"
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise EditionError(
            f"teachkit_instructor_pages must be a list of page names, {example}, "
            f"not {type(value).__name__} ({value!r})"
        )
    pages = []
    for item in value:
        page = item.strip().strip("/") if isinstance(item, str) else ""
        for suffix in config.source_suffix:  # 'chapters/guide.md' means 'chapters/guide'
            if page.endswith(suffix) and len(page) > len(suffix):
                page = page[: -len(suffix)]
        parts = page.split("/")
        if not page or any(p in ("", ".", "..") for p in parts) or re.search(r"[*?\[\]\\]", page):
            problem = "is not a page name"
        elif page == str(config.root_doc):
            problem = "is the book's root page"
        elif (Path(app.srcdir) / page).is_dir() and not _source_files(app, page):
            problem = "is a folder, not a page"
        elif not _source_files(app, page) and list(value) != list(INSTRUCTOR_PAGES):
            problem = "names no page of the book (no source file)"
        else:
            pages.append(page)
            continue
        raise EditionError(
            f"teachkit_instructor_pages: {item!r} {problem}: list the instructor-only pages "
            f"by name, relative to the book and without a suffix, {example}"
        )
    return pages


def _configure(app: Sphinx, config: Config) -> None:
    """Resolve the edition; arrange the instructor-only pages and the title for it."""
    config.teachkit_edition = resolve_edition(os.environ.get(EDITION_ENV), config.teachkit_edition)
    pages = instructor_pages(app, config)
    config.teachkit_instructor_pages = pages
    site_map = getattr(config, "external_site_map", None)  # Jupyter Book's _toc.yml, parsed
    suffixes = list(config.source_suffix)
    if config.teachkit_edition == "student":
        if site_map is not None:
            _remove_from_toc(site_map, pages, suffixes)
        hidden = [f"{page}{suffix}" for page in pages for suffix in suffixes]
        config.exclude_patterns = [*config.exclude_patterns, *hidden]
        return
    # instructor: un-exclude the pages (only_build_toc_files excluded them) and list them
    files = {f"{page}{suffix}" for page in pages for suffix in suffixes}
    config.exclude_patterns = [p for p in config.exclude_patterns if p not in files]
    present = []
    for page in pages:
        if _source_files(app, page):
            present.append(page)
        else:
            logger.warning(
                "instructor page %r (teachkit_instructor_pages) has no source file",
                page,
                type="teachkit",
                subtype="edition",
            )
    if site_map is not None and present:
        _add_to_toc(site_map, present, suffixes, str(config.teachkit_instructor_caption))
    if config.html_title:
        config.html_title = f"{config.html_title} (instructor edition)"


def _in_toc(site_map: Any, page: str, suffixes: Iterable[str]) -> bool:
    return any(name in site_map for name in (page, *(f"{page}{s}" for s in suffixes)))


def _add_to_toc(site_map: Any, pages: list[str], suffixes: list[str], caption: str) -> None:
    """Append the pages not already listed as an unnumbered last part of the book."""
    from sphinx_external_toc.api import Document, FileItem, TocTree

    missing = [page for page in pages if not _in_toc(site_map, page, suffixes)]
    if not missing:
        return
    root = site_map.root
    like = root.subtrees[-1] if root.subtrees else None
    part = TocTree(
        items=[FileItem(page) for page in missing],
        caption=caption,
        hidden=like.hidden if like else True,
        maxdepth=like.maxdepth if like else -1,
        titlesonly=like.titlesonly if like else True,
        numbered=False,
    )
    root.subtrees.append(part)
    for page in missing:
        site_map[page] = Document(docname=page)


def _remove_from_toc(site_map: Any, pages: list[str], suffixes: list[str]) -> None:
    """Take the pages out of every part and chapter list of the site map."""
    names = {page for page in pages} | {f"{p}{s}" for p in pages for s in suffixes}
    for docname in list(site_map):
        document = site_map[docname]
        kept = []
        for tree in document.subtrees:
            tree.items = [item for item in tree.items if str(item) not in names]
            if tree.items:
                kept.append(tree)
        document.subtrees = kept
    for name in names & set(site_map):
        if name != site_map.root.docname:
            del site_map[name]


def _strip_read(app: Sphinx, docname: str, source: list[str]) -> None:
    if edition(app) != "student":
        return
    suffix = Path(app.env.doc2path(docname)).suffix
    note = str(app.config.teachkit_solution_note)
    config = getattr(app.env, "myst_config", None)
    source[0], _ = strip_source(source[0], suffix, note, keep_lines=True, config=config)


def _strip_include(
    app: Sphinx, relative_path: Path, parent_docname: str, content: list[str]
) -> None:
    if edition(app) != "student":
        return
    note = str(app.config.teachkit_solution_note)
    config = getattr(app.env, "myst_config", None)
    suffix = Path(relative_path).suffix
    content[0], _ = strip_source(content[0], suffix, note, keep_lines=True, config=config)


def _is_solution(node: nodes.Node) -> bool:
    kind = type(node)
    return kind.__module__.startswith("sphinx_exercise") and kind.__name__ in _SOLUTION_NODES


def _guard(app: Sphinx, doctree: nodes.document) -> None:
    """Remove, and report, any solution the source stripping missed."""
    if edition(app) != "student":
        return
    for node in list(doctree.findall(_is_solution)):
        logger.warning(
            "a solution reached the student edition (teachkit could not strip it from the "
            "source): it was removed from the page, but check the source for its form",
            location=node,
            type="teachkit",
            subtype="edition",
        )
        if node.parent is not None:
            node.parent.remove(node)


def _finish(app: Sphinx, exception: Exception | None) -> None:
    """Student edition: strip the ``_sources`` copies; delete stale instructor pages."""
    if exception is not None or edition(app) != "student":
        return
    outdir = Path(app.outdir)
    if getattr(app.builder, "copysource", False) and app.config.html_copy_source:
        _sanitize_sources(app, outdir / "_sources")
    _prune_search_index(outdir / "searchindex.js")
    _prune_stale_files(app, outdir)
    executed = outdir.parent / "jupyter_execute"  # where myst-nb writes executed notebooks
    for page in app.config.teachkit_instructor_pages:  # checked names (instructor_pages)
        _remove_page_files(page, [outdir, outdir / "_sources", executed])
        index = outdir / page / "index.html"  # the dirhtml builder's page/index.html
        if index.is_file():
            index.unlink()
            if not any(index.parent.iterdir()):
                index.parent.rmdir()


def _remove_page_files(page: str, folders: list[Path]) -> None:
    """Delete one page's own files (``<page>.html``, ``<page>.ipynb``, ...), nothing else."""
    parent, name = Path(page).parent, Path(page).name
    if not name or name.startswith("."):
        return
    for folder in folders:
        for stale in (folder / parent).glob(f"{glob.escape(name)}.*"):
            if stale.is_file():
                stale.unlink()


def _prune_search_index(path: Path) -> None:
    """Drop words that no page contains any more from Sphinx's search index.

    An incremental build keeps every word an earlier build indexed, with an empty
    list of pages: after an instructor build, the words of its solutions would stay.
    """
    from sphinx.search import js_index

    if not path.is_file():
        return
    data = js_index.loads(path.read_text(encoding="utf-8"))
    pruned = False
    for key in ("terms", "titleterms"):
        words = data.get(key, {})
        kept = {word: pages for word, pages in words.items() if pages != []}
        pruned = pruned or len(kept) != len(words)
        data[key] = kept
    if pruned:
        path.write_text(js_index.dumps(data), encoding="utf-8")


def _prune_stale_files(app: Sphinx, outdir: Path) -> None:
    """Delete images and downloads that no page uses any more (a solution's plot, say).

    Sphinx never deletes them: after an instructor build, a student build into the
    same folder would otherwise still serve the solutions' images.
    """
    images = outdir / str(getattr(app.builder, "imagedir", "_images"))
    used_images = {str(entry[1]) for entry in app.env.images.values()}
    downloads = outdir / "_downloads"
    used_downloads = {str(entry[1]) for entry in app.env.dlfiles.values()}
    for folder, used in ((images, used_images), (downloads, used_downloads)):
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*"), reverse=True):
            relative = path.relative_to(folder).as_posix()
            if path.is_file() and relative not in used:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()


def _sanitize_sources(app: Sphinx, sources: Path) -> None:
    note = str(app.config.teachkit_solution_note)
    link_suffix = str(app.config.html_sourcelink_suffix)
    config = getattr(app.env, "myst_config", None)
    for docname in sorted(app.env.found_docs):
        path = Path(app.env.doc2path(docname))
        name = docname + path.suffix
        if path.suffix != link_suffix:  # as Sphinx names the copy it makes
            name += link_suffix
        target = sources / name
        if target.is_file():
            text = path.read_text(encoding="utf-8")
            text, _ = strip_source(text, path.suffix, note, config=config)
            target.write_text(text, encoding="utf-8")


def register(app: Sphinx) -> None:
    """Add the two editions to a Sphinx application (call from the extension's setup)."""
    app.add_config_value("teachkit_edition", DEFAULT_EDITION, "env", [str])
    app.add_config_value("teachkit_instructor_pages", list(INSTRUCTOR_PAGES), "env", [list])
    app.add_config_value("teachkit_instructor_caption", INSTRUCTOR_CAPTION, "env", [str])
    app.add_config_value("teachkit_solution_note", SOLUTION_NOTE, "env", [str])
    app.connect("config-inited", _configure, priority=_CONFIG_PRIORITY)
    app.connect("source-read", _strip_read)
    app.connect("include-read", _strip_include)
    app.connect("doctree-read", _guard, priority=_GUARD_PRIORITY)
    app.connect("build-finished", _finish)
