"""Finding and removing solutions in a chapter's source, with MyST's own parser.

The student edition (:mod:`teachkit.book.editions`) strips every solution from the
source text before Sphinx parses it. Solutions are found on MyST's own parse (token
positions from markdown-it with the book's MyST settings), so each one ends exactly
where MyST ends it: ``{solution}`` directives in any case, written with colons or
backticks, in list items, block quotes or other directives, ``.. solution::`` in
``{eval-rst}`` blocks, and gated ``{solution-start}`` ... ``{solution-end}`` pairs
(in an ``.ipynb`` file, across cells). The text is also read as Python's
``splitlines()`` reads it, and anything either reading takes for a solution goes.
"""

from __future__ import annotations

import bisect
import json
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token
    from myst_parser.config.main import MdParserConfig

SOLUTION_NOTE = "*The solution is in the instructor edition of this book.*"
# directives whose body is code or data, not Markdown that could hold a solution
_LITERAL = frozenset(
    {"code-cell", "code", "code-block", "sourcecode", "literalinclude", "raw", "math", "glue"}
)

# A fence opener: ``` or ~~~ (code or directive) or ::: (MyST colon fence), any
# indentation (inside list items too), three or more marker characters.
_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>`{3,}|~{3,}|:{3,})(?P<info>[^\r\n]*)")
_DIRECTIVE = re.compile(r"\s*\{(?P<name>[^}\s]+)\}")


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
