"""Two editions of the book from one source: ``student`` (the default) and ``instructor``.

The environment variable ``TEACHKIT_EDITION`` chooses the edition when the book is
built (``TEACHKIT_EDITION=instructor jupyter-book build .``); it overrides the Sphinx
setting ``teachkit_edition``, whose default is ``student``. Any other value stops the
build with an error that names the valid editions.

The student edition, the published book, holds no solutions anywhere:

* a ``source-read`` (and ``include-read``) handler removes every sphinx-exercise
  solution from the source text before it is parsed: ``{solution}`` directives
  written with colons (any number of them) or backticks, nested inside other
  directives or not, and gated ``{solution-start}`` ... ``{solution-end}`` pairs,
  code cells included. A short note takes each one's place. The page, its search
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

import json
import os
import re
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.errors import ConfigError
from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

EDITION_ENV = "TEACHKIT_EDITION"
EDITIONS = ("student", "instructor")
DEFAULT_EDITION = "student"
INSTRUCTOR_PAGES = ("chapters/instructor_guide",)
INSTRUCTOR_CAPTION = "For instructors"
SOLUTION_NOTE = "*The solution is in the instructor edition of this book.*"
# run after sphinx-external-toc (priority 900) has parsed _toc.yml into a site map
_CONFIG_PRIORITY = 950
# remove a stray solution before sphinx-exercise (priority 500) records its label
_GUARD_PRIORITY = 400
_SOLUTION_NODES = ("solution_node", "solution_start_node", "solution_end_node")
# directives whose body is code or data, not Markdown that could hold a solution
_LITERAL = frozenset(
    {"code-cell", "code", "code-block", "sourcecode", "literalinclude", "raw", "math", "glue"}
)

# A fence opener: ``` or ~~~ (code or directive) or ::: (MyST colon fence), any
# indentation (inside list items too), three or more marker characters.
_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>`{3,}|~{3,}|:{3,})(?P<info>[^\r\n]*)")
_DIRECTIVE = re.compile(r"\s*\{(?P<name>[^}\s]+)\}")

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
    chosen = value if value is not None and value.strip() else default
    resolved = chosen.strip().lower()
    if resolved not in EDITIONS:
        valid = " or ".join(repr(e) for e in EDITIONS)
        raise EditionError(
            f"{EDITION_ENV}={chosen!r} is not an edition of this book: use {valid} "
            f"(unset, it means {DEFAULT_EDITION!r}), e.g. `{EDITION_ENV}=instructor "
            f"jupyter-book build .`"
        )
    return resolved


# -- stripping solutions from source text -------------------------------------------


def _directive(info: str) -> str | None:
    match = _DIRECTIVE.match(info)
    return match.group("name") if match else None


def _closing(lines: list[str], start: int, marker: str) -> int | None:
    """The index of the line that closes the fence opened at ``start``, if any.

    As in CommonMark (and MyST's colon fences), the first later line made only of
    at least as many of the same marker character closes the fence: fences of
    other kinds inside it do not protect such a line.
    """
    closer = re.compile(rf"[ \t]*{re.escape(marker[0])}{{{len(marker)},}}[ \t]*")
    for index in range(start + 1, len(lines)):
        if closer.fullmatch(lines[index].rstrip("\r\n")):
            return index
    return None


def _opener(line: str) -> tuple[str, str, str] | None:
    match = _FENCE.match(line)
    if not match:
        return None
    marker, info = match.group("marker"), match.group("info")
    if marker[0] == "`" and "`" in info:  # inline code such as ```x```, not a fence
        return None
    return match.group("indent"), marker, info


def _replacement(
    removed: int, indent: str, note: str, before: list[str], after: str, keep_lines: bool
) -> list[str]:
    lines = [f"{indent}{note}\n"] if note else []
    if lines and before and before[-1].strip():
        lines.insert(0, "\n")  # a paragraph just above would swallow the note
    if lines and after.strip():
        lines.append("\n")
    if keep_lines:
        lines += ["\n"] * (removed - len(lines))
    return lines


def _strip_lines(lines: list[str], note: str, keep_lines: bool) -> tuple[list[str], int]:
    out: list[str] = []
    count = 0
    index = 0
    while index < len(lines):
        opened = _opener(lines[index])
        if opened is None:
            out.append(lines[index])
            index += 1
            continue
        indent, marker, info = opened
        close = _closing(lines, index, marker)
        end = len(lines) if close is None else close + 1
        name = _directive(info)
        if name == "solution-start":
            # a gated solution runs to the fence that closes its {solution-end}
            end = gated_span(lines, end)[1]
        if name in ("solution", "solution-start"):
            after = lines[end] if end < len(lines) else ""
            out += _replacement(end - index, indent, note, out, after, keep_lines)
            count += 1
        elif name is not None and name not in _LITERAL and close is not None:
            # another directive: its body is Markdown that may hold a solution
            body, found = _strip_lines(lines[index + 1 : close], note, keep_lines)
            out += [lines[index], *body, lines[close]]
            count += found
        else:  # a code block (or an unclosed fence): its text is not parsed as Markdown
            out += lines[index:end]
        index = end
    return out, count


def gated_span(lines: list[str], start: int, end_name: str = "solution-end") -> tuple[int, int]:
    """Where a gated directive that resumes at ``start`` stops, and where it ends.

    Returns the index of the line that opens its ``{<name>-end}`` (the body is
    ``lines[start:stop]``) and the index just after that directive. Without an end
    directive, the rest of the text is the body: in the student edition it is safer
    to lose text than to publish an answer.
    """
    index = start
    while index < len(lines):
        opened = _opener(lines[index])
        if opened is None:
            index += 1
            continue
        close = _closing(lines, index, opened[1])
        end = len(lines) if close is None else close + 1
        if _directive(opened[2]) == end_name:
            return index, end
        index = end
    return len(lines), len(lines)


def strip_solutions(
    text: str, note: str = SOLUTION_NOTE, *, keep_lines: bool = False
) -> tuple[str, int]:
    r"""Remove every sphinx-exercise solution from MyST Markdown; return the text and a count.

    Each solution is replaced by ``note`` (a Markdown paragraph; empty for nothing).
    With ``keep_lines``, blank lines pad the note so that every later line keeps its
    number, and warnings still point at the right line of the source file.

    Examples
    --------
    >>> source = ":::{solution} ex-1\n:class: dropdown\n\nThe answer.\n:::\nAfter.\n"
    >>> strip_solutions(source, note="")
    ('After.\n', 1)
    """
    lines, count = _strip_lines(text.splitlines(keepends=True), note, keep_lines)
    return "".join(lines), count


def _strip_notebook(text: str, note: str) -> tuple[str, int]:
    """Strip solutions from the Markdown cells of an ``.ipynb`` file's JSON text."""
    try:
        notebook = json.loads(text)
        cells = notebook["cells"]
    except (ValueError, KeyError, TypeError):
        return text, 0  # not a notebook Sphinx can read either; the doctree guard remains
    count = 0
    for cell in cells:
        if cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        joined = "".join(source) if isinstance(source, list) else str(source)
        stripped, found = strip_solutions(joined, note)
        if found:
            count += found
            cell["source"] = stripped.splitlines(keepends=True)
    if not count:
        return text, 0
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", count


def strip_source(
    text: str, suffix: str, note: str = SOLUTION_NOTE, *, keep_lines: bool = False
) -> tuple[str, int]:
    """Strip solutions from a source file's text; ``suffix`` is its extension (``.md``)."""
    if suffix == ".ipynb":
        return _strip_notebook(text, note)
    return strip_solutions(text, note, keep_lines=keep_lines)


# -- Sphinx event handlers ----------------------------------------------------------


def edition(app: Sphinx) -> str:
    """The edition this build makes (resolved when the configuration is read)."""
    return str(app.config.teachkit_edition)


def _source_files(app: Sphinx, page: str) -> list[Path]:
    srcdir = Path(app.srcdir)
    return [
        srcdir / f"{page}{s}" for s in app.config.source_suffix if (srcdir / f"{page}{s}").is_file()
    ]


def _configure(app: Sphinx, config: Config) -> None:
    """Resolve the edition; arrange the instructor-only pages and the title for it."""
    config.teachkit_edition = resolve_edition(os.environ.get(EDITION_ENV), config.teachkit_edition)
    pages = [str(p).strip("/") for p in config.teachkit_instructor_pages]
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
    source[0], _ = strip_source(source[0], suffix, note, keep_lines=True)


def _strip_include(
    app: Sphinx, relative_path: Path, parent_docname: str, content: list[str]
) -> None:
    if edition(app) != "student":
        return
    note = str(app.config.teachkit_solution_note)
    content[0], _ = strip_source(content[0], Path(relative_path).suffix, note, keep_lines=True)


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
    for page in (str(p).strip("/") for p in app.config.teachkit_instructor_pages):
        for folder in (outdir, outdir / "_sources", executed):
            for stale in folder.glob(f"{page}.*"):
                stale.unlink()
        if (outdir / page).is_dir():  # the dirhtml builder's page/index.html
            shutil.rmtree(outdir / page)


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
    for docname in sorted(app.env.found_docs):
        path = Path(app.env.doc2path(docname))
        name = docname + path.suffix
        if path.suffix != link_suffix:  # as Sphinx names the copy it makes
            name += link_suffix
        target = sources / name
        if target.is_file():
            text, _ = strip_source(path.read_text(encoding="utf-8"), path.suffix, note)
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
