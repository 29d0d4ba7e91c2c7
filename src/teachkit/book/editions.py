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

import bisect
import glob
import json
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.errors import ConfigError
from sphinx.util import logging

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token
    from myst_parser.config.main import MdParserConfig
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


# Python's str.splitlines() also breaks lines at these characters; markdown-it does not.
# myst-nb cuts a text notebook into cells along splitlines() lines, so they end lines in
# what it finally parses: where a fence could be, they are made line breaks before parsing.
_EXTRA_BREAKS = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_ANY_FENCE = re.compile(r"`{3}|~{3}|:{3}")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")  # a line as markdown-it counts them
_FENCE_TOKENS = frozenset({"fence", "colon_fence"})
_SOLUTION, _SOLUTION_START, _SOLUTION_END = "solution", "solution-start", "solution-end"
# an reStructuredText directive, as docutils reads one (names are case-insensitive)
_RST_DIRECTIVE = re.compile(r"(?P<indent>[ \t]*)\.\.[ \t]+(?P<name>[\w.+:-]+?)[ \t]?::(?:[ \t]|$)")
_BLOCK_START = re.compile(r"`{3,}|~{3,}|:{3,}|\.\.[ \t]")
_CONTAINER = re.compile(r"[ \t>]*")  # what a blank line inside a block quote or list keeps
MYST_EXTENSIONS = ("colon_fence", "dollarmath", "deflist", "substitution")  # _config.yml's

Span = tuple[int, int]  # lines [start, end) of a text


def _parser(config: MdParserConfig | None = None) -> MarkdownIt:
    """MyST's own block parser (the book's extensions unless ``config`` says otherwise)."""
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    if config is None:
        config = MdParserConfig(enable_extensions=set(MYST_EXTENSIONS))
    return create_md_parser(config, RendererHTML)


def _lines(text: str) -> list[str]:
    """``text`` as the lines markdown-it numbers (only LF, CR LF and CR end a line)."""
    return _LINE.findall(text)


def _kind(token: Token, md: MarkdownIt) -> str | None:
    """A fence's directive name (lowercase); "" for a colon div; None for a code block."""
    parts = token.info.strip().split(maxsplit=1)
    name = parts[0] if parts else ""
    if len(name) > 2 and name.startswith("{") and name.endswith("}"):
        return name[1:-1].lower()  # docutils looks directive names up case-insensitively
    config = md.options.get("myst_config")
    if token.type == "fence" and config is not None and name in config.fence_as_directive:
        return name.lower()
    return "" if token.type == "colon_fence" else None


def _gate_end(
    tokens: list[Token], index: int, md: MarkdownIt, end_name: str = _SOLUTION_END
) -> tuple[int, int] | None:
    """The token index after the next ``{solution-end}`` (at any depth) and its end line."""
    for later in range(index, len(tokens)):
        token = tokens[later]
        if token.type in _FENCE_TOKENS and token.map and _kind(token, md) == end_name:
            return later + 1, token.map[1]
    return None


def _solution_spans(text: str, md: MarkdownIt) -> tuple[list[Span], int, bool]:
    """The solutions in MyST text, as MyST parses it: line spans, a count, an open gate.

    A solution is a ``{solution}`` directive anywhere (in a list item or a block quote,
    in another directive's body, in an ``{eval-rst}`` block) or a gated
    ``{solution-start}`` ... ``{solution-end}`` pair. "Open gate": a solution-start
    whose end is not in ``text``; its span runs to the end of the text.
    """
    tokens = md.parse(text)
    total = len(_lines(text))
    spans: list[Span] = []
    count, index = 0, 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        if token.type not in _FENCE_TOKENS or token.map is None:
            continue
        name = _kind(token, md)
        start, end = token.map
        gated = name == _SOLUTION_START
        if name == _SOLUTION or gated:
            count += 1
        elif name is None or name in _LITERAL:
            continue  # code: its text is not parsed as Markdown
        else:  # another directive: its body may hold a solution
            body = _lines(token.content)
            if name == "eval-rst":
                inner, found, gated = _rst_solution_spans(body)
            else:
                inner, found, gated = _solution_spans(token.content, md)
            spans += [(start + 1 + a, start + 1 + b) for a, b in inner]
            count += found
            if not gated:
                continue
            start = end  # a gate left open in the body: remove on to its end out here
        if gated:
            found_end = _gate_end(tokens, index, md)
            if found_end is None:
                return [*spans, (start, total)], count, True
            index, end = found_end
        spans.append((start, end))
    return spans, count, False


def _rst_block_end(lines: list[str], start: int) -> int:
    """The line after an reStructuredText directive's block (the lines indented more)."""
    match = _RST_DIRECTIVE.match(lines[start])
    indent = len(match["indent"].expandtabs(8)) if match else 0
    last = start + 1
    for index in range(start + 1, len(lines)):
        line = lines[index].expandtabs(8)
        if not line.strip():
            continue
        if len(line) - len(line.lstrip()) <= indent:
            break
        last = index + 1
    return last


def _rst_name(line: str) -> str | None:
    match = _RST_DIRECTIVE.match(line)
    return match["name"].lower() if match else None


def _rst_solution_spans(lines: list[str]) -> tuple[list[Span], int, bool]:
    """``.. solution::`` directives (and gated pairs) in reStructuredText lines."""
    spans: list[Span] = []
    count, index = 0, 0
    while index < len(lines):
        name = _rst_name(lines[index])
        if name not in (_SOLUTION, _SOLUTION_START):
            index += 1
            continue
        count += 1
        end = _rst_block_end(lines, index)
        if name == _SOLUTION_START:
            close = next(
                (i for i in range(end, len(lines)) if _rst_name(lines[i]) == _SOLUTION_END), None
            )
            if close is None:
                return [*spans, (index, len(lines))], count, True
            end = _rst_block_end(lines, close)
        spans.append((index, end))
        index = end
    return spans, count, False


def _note_lines(
    lines: list[str], span: Span, note: str, before: list[str], keep_lines: bool
) -> list[str]:
    """What takes a solution's place: the note, in the same list item or block quote."""
    start, end = span
    first = lines[start] if start < len(lines) else ""
    newline = first[len(first.rstrip("\r\n")) :] or "\n"
    container = _CONTAINER.match(first)
    blank = (container.group() if container else "").rstrip() + newline
    opener = _BLOCK_START.search(first)
    prefix = first[: opener.start()] if opener else ""
    if prefix.strip(" \t>-+*.)0123456789"):
        prefix = blank.rstrip("\r\n")
    opens_item = bool(prefix.strip(" \t>"))  # the solution was on a list item's first line
    out: list[str] = []
    if note:
        if not opens_item and before and before[-1].strip(" \t>\r\n"):
            out.append(blank)  # a paragraph just above would swallow the note
        out.append(f"{prefix}{note}{newline}")
        after = lines[end] if end < len(lines) else ""
        if after.strip(" \t>\r\n"):
            out.append(blank)
    elif opens_item:
        out.append(prefix.rstrip() + newline)
    if keep_lines:
        out += [blank] * (end - start - len(out))
    return out


def _both_readings(text: str, md: MarkdownIt) -> tuple[str, list[Span], int, bool]:
    """Solutions as markdown-it reads ``text`` and as Python's line splitting does.

    MyST reads a line separator such as U+2028 as text; myst-nb (which cuts a text
    notebook into cells along ``str.splitlines()``) and docutils as a line break. The
    text comes back with those separators made line breaks, and the solutions of both
    readings in its lines, so that nothing either reading takes for a solution stays.
    """
    normal = _EXTRA_BREAKS.sub("\n", text)
    spans, count, gate = _solution_spans(normal, md)
    raw_spans, raw_count, raw_gate = _solution_spans(text, md)
    starts = [0]  # where each markdown-it line of ``text`` starts among the lines of ``normal``
    for line in _lines(text):
        starts.append(starts[-1] + len(_lines(_EXTRA_BREAKS.sub("\n", line))))
    spans += [(starts[a], starts[b]) for a, b in raw_spans]
    return normal, spans, max(count, raw_count), gate or raw_gate


def _merged(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _strip_text(
    text: str, note: str, keep_lines: bool, md: MarkdownIt, rst: bool = False
) -> tuple[str, int, bool]:
    """Strip solutions from MyST (or reStructuredText) text: the text, a count, an open gate."""
    if rst:  # docutils splits lines as Python does
        text = _EXTRA_BREAKS.sub("\n", text)
        spans, count, gate = _rst_solution_spans(_lines(text))
    elif _EXTRA_BREAKS.search(text) and _ANY_FENCE.search(text):
        text, spans, count, gate = _both_readings(text, md)
    else:
        spans, count, gate = _solution_spans(text, md)
    if not spans:
        return text, count, gate
    lines = _lines(text)
    out: list[str] = []
    done = 0
    for start, end in _merged(spans):
        out += lines[done:start]
        out += _note_lines(lines, (start, end), note, out, keep_lines)
        done = end
    out += lines[done:]
    return "".join(out), count, gate


def gated_span(lines: list[str], start: int, end_name: str = "solution-end") -> tuple[int, int]:
    """Where a gated directive that resumes at ``start`` stops, and where it ends.

    Returns the index of the line that opens its ``{<name>-end}`` (the body is
    ``lines[start:stop]``) and the index just after that directive, as MyST parses
    the text. Without an end directive, the rest of the text is the body: in the
    student edition it is safer to lose text than to publish an answer.
    """
    rest = [line if line.endswith(("\n", "\r")) else f"{line}\n" for line in lines[start:]]
    md = _parser()
    tokens = md.parse("".join(rest))
    found = _gate_end(tokens, 0, md, end_name)
    if found is None:
        return len(lines), len(lines)
    closer = tokens[found[0] - 1].map or (0, 0)
    # each of ``rest`` holds one or more markdown-it lines: map line numbers back
    starts = [0]
    for line in rest:
        starts.append(starts[-1] + len(_lines(line)))
    return start + bisect.bisect_right(starts, closer[0]) - 1, start + bisect.bisect_left(
        starts, closer[1]
    )


def strip_solutions(
    text: str,
    note: str = SOLUTION_NOTE,
    *,
    keep_lines: bool = False,
    config: MdParserConfig | None = None,
) -> tuple[str, int]:
    r"""Remove every sphinx-exercise solution from MyST Markdown; return the text and a count.

    The text is read by MyST's own parser (markdown-it with ``config``'s extensions; by
    default the book's), so a solution ends exactly where MyST ends it. Each solution
    is replaced by ``note`` (a Markdown paragraph; empty for nothing). With
    ``keep_lines``, blank lines pad the note so that every later line keeps its number,
    and warnings still point at the right line of the source file.

    Examples
    --------
    >>> source = ":::{solution} ex-1\n:class: dropdown\n\nThe answer.\n:::\nAfter.\n"
    >>> strip_solutions(source, note="")
    ('After.\n', 1)
    """
    stripped, count, _ = _strip_text(text, note, keep_lines, _parser(config))
    return stripped, count


def _cell_text(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _strip_cells(cells: list[Any], note: str, md: MarkdownIt) -> tuple[list[Any], int]:
    """Strip the Markdown cells; a gated solution may span cells (code cells included)."""
    kept: list[Any] = []
    count, gate = 0, False
    for cell in cells:
        if not isinstance(cell, dict):
            kept.append(cell)
            continue
        markdown = cell.get("cell_type") == "markdown"
        text = _cell_text(cell) if markdown else ""
        if gate:  # inside a gated solution that an earlier cell opened
            if not markdown:
                continue
            text = _EXTRA_BREAKS.sub("\n", text)
            stop = gated_span(_lines(text), 0)[1]
            if stop >= len(_lines(text)) and _gate_end(md.parse(text), 0, md) is None:
                continue  # the whole cell is in the solution
            text, gate = "".join(_lines(text)[stop:]), False
            cell["source"] = text.splitlines(keepends=True)
        if markdown:
            stripped, found, gate = _strip_text(text, note, False, md)
            if found or stripped != text:
                count += found
                cell["source"] = stripped.splitlines(keepends=True)
        kept.append(cell)
    return kept, count


def _strip_notebook(text: str, note: str, config: MdParserConfig | None = None) -> tuple[str, int]:
    """Strip solutions from the Markdown cells of an ``.ipynb`` file's JSON text."""
    try:
        notebook = json.loads(text)
        cells = notebook["cells"]
        before = len(cells)
    except (ValueError, KeyError, TypeError):
        return text, 0  # not a notebook Sphinx can read either; the doctree guard remains
    notebook["cells"], count = _strip_cells(cells, note, _parser(config))
    if not count and len(notebook["cells"]) == before:
        return text, 0
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", count


def strip_source(
    text: str,
    suffix: str,
    note: str = SOLUTION_NOTE,
    *,
    keep_lines: bool = False,
    config: MdParserConfig | None = None,
) -> tuple[str, int]:
    """Strip solutions from a source file's text; ``suffix`` is its extension (``.md``).

    ``.ipynb``: the Markdown cells (a gated solution may span cells); ``.rst`` (an
    included file): its ``.. solution::`` directives; anything else is MyST Markdown.
    """
    if suffix == ".ipynb":
        return _strip_notebook(text, note, config)
    md = _parser(config)
    stripped, count, _ = _strip_text(text, note, keep_lines, md, rst=suffix in (".rst", ".txt"))
    return stripped, count


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
