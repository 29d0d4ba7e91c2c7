"""Lighter stylesheets: the theme's CSS without the rules no page of the book can use.

Registered by ``teachkit.book.sphinxext``. When the HTML build has finished, every
third-party stylesheet the pages link (the themes', Sphinx's, myst-nb's, Pygments', the
toggle and copy buttons') is rewritten without

* rules whose every selector names a class or id that appears in no page (a ``class``
  or ``id`` attribute) and in no script under ``_static`` (scripts add classes such as
  ``show`` or ``collapsing`` as they run); classes inside ``:not()``, ``:is()`` and the
  like, attribute selectors and element names never count against a rule;
* custom properties (``--name``) that no kept declaration, page or script uses;
* comments and runs of white space.

This is what PurgeCSS does for JavaScript sites, done with ``tinycss2`` at build time so
that the book command needs no Node.js. The book's own stylesheets (``teachkit*.css``)
and the vendored ones stay as written. The theme's Bootstrap bundle names every Bootstrap
component, so its words do not count; instead the classes its dropdowns and tooltips add
(:data:`BOOTSTRAP_STATES`) and those it builds from parts (``bs-tooltip-auto``: any class
starting ``bs-``) are always kept.
A stylesheet that ``tinycss2`` cannot read cleanly is left as it is.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

KEEP_PREFIXES = ("bs-",)
"""Classes kept whatever the pages say: Bootstrap composes these from parts at run time."""
BOOTSTRAP = "scripts/bootstrap.js"
"""The theme's Bootstrap bundle, under ``_static``. Its words do not count as used: it names
every Bootstrap component (modal, toast, carousel...), and the book uses two."""
BOOTSTRAP_STATES = frozenset(
    {"show", "showing", "hiding", "fade", "collapsing", "tooltip", "tooltip-inner", "tooltip-arrow"}
)
"""The classes Bootstrap's dropdowns and tooltips (the two parts the theme uses) add or build."""

_OURS = re.compile(r"^(teachkit[\w.-]*\.css|vendor/.*)$")
_LINK = re.compile(r"<link\b[^>]*>")
_HREF = re.compile(r'\shref="([^"?#]+\.css)[?#"]')
_CLASS_OR_ID = re.compile(r'\s(?:class|id)="([^"]*)"')
_WORD = re.compile(r"-?-?[A-Za-z_][\w-]*")
_FUNCTIONAL = re.compile(r":[\w-]+\((?:[^()]|\([^()]*\))*\)")
_ATTRIBUTE = re.compile(r"\[[^\]]*\]")
_NAMED = re.compile(r"[.#]((?:[\w-]|\\.)+)")
_VAR = re.compile(r"var\(\s*(--[\w-]+)")
_GROUPS = ("media", "supports", "container", "layer", "document")


@dataclass(frozen=True)
class Usage:
    """What the site uses: class and id names (``names``) and custom properties (``vars``)."""

    names: frozenset[str]
    vars: frozenset[str]


def usage(pages: Iterable[str], scripts: Iterable[str]) -> Usage:
    """Collect the names pages and scripts use.

    A page contributes the words of its ``class`` and ``id`` attributes; a script,
    every word in it (so a class a script adds is kept), and ``var(--x)`` references.

    Examples
    --------
    >>> u = usage(['<p class="a b" id="c">x y</p>'], ['el.classList.add("show")'])
    >>> sorted(u.names)[:4], "x" in u.names
    (['a', 'add', 'b', 'c'], False)
    """
    names: set[str] = set()
    variables: set[str] = set()
    for page in pages:
        for value in _CLASS_OR_ID.findall(page):
            names.update(value.split())
        variables.update(_VAR.findall(page))
    for script in scripts:
        words = _WORD.findall(script)
        names.update(words)
        variables.update(w for w in words if w.startswith("--"))
    return Usage(frozenset(names), frozenset(variables))


def required_names(selector: str) -> list[list[str]]:
    """For each selector of a list, the class and id names it needs to match anything.

    Examples
    --------
    >>> required_names(".a .b:not(.c), #d[data-x='.e'] > p, :root")
    [['a', 'b'], ['d'], []]
    """
    bare = _ATTRIBUTE.sub("", _FUNCTIONAL.sub("", selector))
    return [[n.replace("\\", "") for n in _NAMED.findall(part)] for part in bare.split(",")]


def can_match(selector: str, names: frozenset[str]) -> bool:
    """Whether some selector of the list names only classes and ids the site uses.

    Examples
    --------
    >>> can_match(".used .unused, .unused2", frozenset({"used"}))
    False
    >>> can_match(".unused, .used > a, .bs-tooltip-auto", frozenset({"used"}))
    True
    """
    return any(
        all(n in names or n.startswith(KEEP_PREFIXES) for n in needed)
        for needed in required_names(selector)
    )


def _text(tokens: Any) -> str:
    """Tokens as CSS, each top-level run of white space (or comment) made one space."""
    import tinycss2

    out: list[str] = []
    for token in tokens:
        if token.type in ("whitespace", "comment"):
            if out and out[-1] != " ":
                out.append(" ")
        else:
            out.append(tinycss2.serialize([token]))
    return "".join(out).strip()


def _declarations(content: Any) -> list[tuple[str, str, bool]]:
    """(name, value, important) for each declaration of a rule's content."""
    import tinycss2

    out = []
    for item in tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True):
        if item.type == "declaration":
            out.append((item.name, _text(item.value), item.important))
        elif item.type != "error":  # a nested rule: keep it as written
            out.append(("", _text([item]), False))
    return out


def _purge_rules(rules: list[Any], names: frozenset[str]) -> list[Any]:
    kept = []
    for rule in rules:
        if rule.type == "qualified-rule":
            if can_match(_text(rule.prelude), names):
                kept.append(rule)
        elif rule.type == "at-rule" and rule.lower_at_keyword in _GROUPS and rule.content:
            import tinycss2

            inner = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
            kept_inner = _purge_rules(inner, names)
            if kept_inner:
                kept.append((rule, kept_inner))
        elif rule.type not in ("comment", "whitespace"):
            kept.append(rule)
    return kept


def _all_declarations(kept: list[Any]) -> Iterable[tuple[str, str]]:
    """(name, value) of every declaration kept; ("", text) for at-rules such as @font-face."""
    for item in kept:
        if isinstance(item, tuple):
            yield from _all_declarations(item[1])
        elif item.type == "qualified-rule":
            for name, value, _ in _declarations(item.content):
                yield name, value
        else:
            yield "", _text([item])


def used_variables(declarations: list[tuple[str, str]], used: frozenset[str]) -> frozenset[str]:
    """The custom properties needed.

    Those pages, scripts or ordinary declarations use, and those that custom properties
    already needed use in turn. ``declarations`` are (name, value) pairs of every kept
    rule of every stylesheet: a property one stylesheet sets, another may use.
    """
    variables = set(used)
    for name, value in declarations:
        if not name.startswith("--"):
            variables.update(_VAR.findall(value))
    custom = [(name, _VAR.findall(value)) for name, value in declarations if name.startswith("--")]
    grew = True
    while grew:
        before = len(variables)
        for name, refs in custom:
            if name in variables:
                variables.update(refs)
        grew = len(variables) > before
    return frozenset(variables)


def _write(kept: list[Any], variables: frozenset[str]) -> str:
    out = []
    for item in kept:
        if isinstance(item, tuple):
            rule, inner = item
            body = _write(inner, variables)
            if body:
                out.append(f"@{rule.at_keyword} {_text(rule.prelude)}{{{body}}}")
        elif item.type == "qualified-rule":
            parts = [
                (f"{n}:{v}{'!important' if i else ''}" if n else v)
                for n, v, i in _declarations(item.content)
                if not (n.startswith("--") and n not in variables)
            ]
            if parts:
                out.append(f"{_text(item.prelude)}{{{';'.join(parts)}}}")
        else:
            out.append(_text([item]))
    return "".join(out)


def purge_all(sheets: dict[str, str], used: Usage, others: Iterable[str] = ()) -> dict[str, str]:
    """Purge several stylesheets together: {name: slim CSS} for those tinycss2 can read.

    Custom properties are judged across all of them and ``others`` (stylesheets kept as
    they are, such as the book's own), since one may set what another uses.
    """
    import tinycss2

    kept = {}
    for name, css in sheets.items():
        rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
        if not any(r.type == "error" for r in rules):
            kept[name] = _purge_rules(rules, used.names)
    declarations = [d for rules in kept.values() for d in _all_declarations(rules)]
    declarations += [("", css) for css in others]
    variables = used_variables(declarations, used.vars)
    return {name: _write(rules, variables) for name, rules in kept.items()}


def purge(css: str, used: Usage) -> str | None:
    """The stylesheet without what the site cannot use, or None if tinycss2 cannot read it.

    Examples
    --------
    >>> used = Usage(frozenset({"a"}), frozenset())
    >>> purge(":root{--x:1px;--y:2px}.a{margin:var(--x)} .b{color:red}", used)
    ':root{--x:1px}.a{margin:var(--x)}'
    >>> purge("@media print{.b{color:red}}.a{color:blue}", used)
    '.a{color:blue}'
    """
    return purge_all({"": css}, used).get("")


def stylesheets(outdir: Path, pages: dict[Path, str]) -> list[Path]:
    """The third-party stylesheets under ``_static`` that pages link."""
    static = outdir / "_static"
    found = set()
    for path, text in pages.items():
        links = (_HREF.search(link) for link in _LINK.findall(text) if "stylesheet" in link)
        for href in (match.group(1) for match in links if match):
            target = (path.parent / href).resolve()
            if target.is_file() and static.resolve() in target.parents:
                relative = target.relative_to(static.resolve()).as_posix()
                if not _OURS.match(relative):
                    found.add(target)
    return sorted(found)


FULL_CSS_ENV = "TEACHKIT_FULL_CSS"
"""A folder to keep each stylesheet as the theme wrote it, for the tests that check that the
purge changes nothing a reader sees (unset: the originals are not kept)."""


def slim_site(outdir: Path, keep: Path | None = None) -> dict[str, tuple[int, int]]:
    """Purge every third-party stylesheet of a built site; return {name: (before, after)}.

    With ``keep``, each stylesheet is first copied there as it was, at its path in the site.
    """
    outdir = outdir.resolve()
    pages = {p: p.read_text(encoding="utf-8") for p in outdir.rglob("*.html")}
    static = outdir / "_static"
    scripts = [
        p.read_text(encoding="utf-8", errors="replace")
        for p in static.rglob("*.js")
        if "vendor" not in p.relative_to(static).parts
        and p.relative_to(static).as_posix() != BOOTSTRAP
    ]
    found = usage(pages.values(), scripts)
    used = Usage(found.names | BOOTSTRAP_STATES, found.vars)
    sheets = {sheet: sheet.read_text(encoding="utf-8") for sheet in stylesheets(outdir, pages)}
    others = [
        p.read_text(encoding="utf-8") for p in static.rglob("*.css") if p.resolve() not in sheets
    ]
    slim = purge_all({str(p): css for p, css in sheets.items()}, used, others)
    sizes = {}
    for sheet, css in sheets.items():
        new = slim.get(str(sheet))
        if new is not None and len(new) < len(css):
            if keep is not None:
                original = keep / sheet.relative_to(outdir)
                original.parent.mkdir(parents=True, exist_ok=True)
                original.write_text(css, encoding="utf-8")
            sheet.write_text(new, encoding="utf-8")
            sizes[sheet.relative_to(outdir).as_posix()] = (len(css), len(new))
    return sizes


def _slim(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    keep = os.environ.get(FULL_CSS_ENV, "").strip()
    slim_site(Path(app.outdir), Path(keep) if keep else None)


def register(app: Sphinx) -> None:
    """Purge the stylesheets once the site is written (after the theme's own clean-up)."""
    app.connect("build-finished", _slim, priority=900)
