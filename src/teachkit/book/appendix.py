"""The data appendix and the glossary, generated as MyST Markdown from the data package.

Nothing here is copied by hand: titles, columns, constraints, quirks, guidance
and glossary entries all come from ``datapackage.json`` and the CSV files, so
the pages change when the data change. In the book, the directives
``teachkit-data-appendix`` and ``teachkit-glossary`` (see :func:`register`)
parse this Markdown into real sections, tables and glossary terms.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from teachkit.data._loader import _Package, _package
from teachkit.data._schema import _read_checked
from teachkit.data.info import _URL, _escape, _info, dataset_markdown

if TYPE_CHECKING:
    from sphinx.application import Sphinx

_ESSAY = re.compile(r"(e[0-9]{3})(?: line ([0-9]+))?")


def _appendix_from(package: _Package) -> str:
    return "\n".join(dataset_markdown(_info(package, name)) for name in sorted(package.resources))


def data_appendix_markdown() -> str:
    """The data appendix: every dataset's provenance, licence, columns, quirks and guidance.

    Returns
    -------
    str
        MyST Markdown with one level-2 section per dataset, labelled
        ``data-<name>`` (e.g. ``{ref}`data-summits```).

    Examples
    --------
    >>> text = data_appendix_markdown()
    >>> "(data-summits)=" in text and "| `start_date` |" in text
    True
    """
    return _appendix_from(_package())


# -- the glossary -----------------------------------------------------------------------


def _records(package: _Package, name: str) -> list[dict[str, Any]]:
    """A dataset's rows as dicts, checked like :func:`teachkit.load` but without pandas."""
    columns, rows = _read_checked(package.root, package.resource(name))
    return [{c.name: v for c, v in zip(columns, row, strict=True)} for row in rows]


def _bibliography(package: _Package) -> tuple[set[str], dict[str, str]]:
    """BibTeX keys in references.bib, and the key of each source essay (from its note)."""
    bib = package.root.joinpath("references.bib")
    text = bib.read_text(encoding="utf-8") if bib.is_file() else ""
    keys, essays = set(), {}
    for entry in re.split(r"\n(?=@)", "\n" + text):
        match = re.match(r"@\w+\s*\{\s*([^,\s]+)\s*,", entry)
        if match:
            keys.add(match.group(1))
            essay = re.search(r"note\s*=\s*\{Source essay (e[0-9]{3})\b", entry)
            if essay:
                essays[essay.group(1)] = match.group(1)
    return keys, essays


def _glossary_from(package: _Package) -> str:
    entries = sorted(_records(package, "glossary"), key=lambda g: str(g["term"]).casefold())
    term_of = {g["id"]: g["term"] for g in entries}
    essays = {e["id"]: e for e in _records(package, "essays")}
    keys, essay_keys = _bibliography(package)

    def essay(token: str, *, cite: bool = True) -> str | None:
        """An essay id (or "eNNN line L") as its author and title, and its citation."""
        match = _ESSAY.fullmatch(token)
        if not match or match.group(1) not in essays:
            return None
        e = essays[match.group(1)]
        title = str(e["title"])
        title = _escape(title) if title.startswith("(") else f"“{_escape(title)}”"
        text = f"{_escape(str(e['author'] or 'author unknown'))}, {title} (essay {match.group(1)}"
        text += f", line {match.group(2)} of the plain-text copy)" if match.group(2) else ")"
        key = essay_keys.get(match.group(1))
        return f"{text} {{cite:p}}`{key}`" if key and cite else text

    def source(token: str) -> str:
        if _URL.fullmatch(token):
            return f"<{token}>"
        if token in keys:
            return f"{{cite:p}}`{token}`"
        return essay(token) or _escape(token)

    def split(cell: object) -> list[str]:
        return [t for t in str(cell or "").split(";") if t]

    lines = ["```{glossary}"]
    for g in entries:
        lines += [str(g["term"]), f"  {_escape(str(g['definition']))}", ""]
        parts = [f"**Source:** {'; '.join(source(t) for t in split(g['source']))}."]
        also = [f"{{term}}`{term_of[i]}`" for i in split(g["see_also"]) if i in term_of]
        if also:
            parts.append(f"**See also:** {', '.join(also)}.")
        used = [essay(t, cite=False) or _escape(t) for t in split(g["used_in"])]
        if used:
            parts.append(f"**Discussed in:** {'; '.join(used)}.")
        lines += [f"  {' '.join(parts)}", ""]
    return "\n".join(lines).rstrip() + "\n```\n"


def glossary_markdown() -> str:
    """The glossary as a MyST ``{glossary}`` directive, one entry per term in glossary.csv.

    Terms are sorted alphabetically and keep the display form of the CSV's
    ``term`` column, so a chapter links one with ``{term}`security dilemma```
    (Sphinx matches terms case-insensitively). Sources that are BibTeX keys
    become ``{cite:p}`` citations, essay ids the essay's author and title.

    Returns
    -------
    str
        A fenced ``{glossary}`` block.

    Examples
    --------
    >>> text = glossary_markdown()
    >>> lines = glossary_markdown().splitlines()
    >>> lines[0], "security dilemma sensibility" in lines
    ('```{glossary}', True)
    """
    return _glossary_from(_package())


# -- Sphinx directives --------------------------------------------------------------------


def register(app: Sphinx) -> None:
    """Add the directives ``teachkit-data-appendix`` and ``teachkit-glossary`` to Sphinx.

    Each parses the generated MyST Markdown in place, so the appendix's
    headings become sections of the page (with ``data-<name>`` labels) and
    the glossary's terms become ``{term}`` targets. Use them in MyST pages only.
    Call this from the Sphinx extension's ``setup``.
    """
    from docutils import nodes
    from docutils.statemachine import StringList
    from sphinx.util.docutils import SphinxDirective

    class _Generated(SphinxDirective):
        has_content = False
        generate = staticmethod(data_appendix_markdown)

        def run(self) -> list[nodes.Node]:
            package = _package()
            paths = ["datapackage.json", "references.bib"]
            paths += [r["path"] for r in package.resources.values()]
            for path in paths:
                self.env.note_dependency(str(package.root.joinpath(path)))
            text = self.generate()
            document = self.state.document
            before = {id(section) for section in document.findall(nodes.section)}
            holder = nodes.Element()
            lines = StringList(text.splitlines(), source=self.env.docname)
            self.state.nested_parse(lines, self.content_offset, holder, match_titles=True)
            # The generated headings became sections of the page; what came before the
            # first one (its label) stayed in ``holder``. Put it just before that section,
            # so the label names the section wherever the directive stands on the page.
            new = [s for s in document.findall(nodes.section) if id(s) not in before]
            leading = list(holder.children)
            if not new or not all(isinstance(n, nodes.target) for n in leading):
                return leading
            parent = new[0].parent
            for node in reversed(leading):
                holder.remove(node)
                parent.insert(parent.index(new[0]), node)
            return []

    class _Glossary(_Generated):
        generate = staticmethod(glossary_markdown)

    app.add_directive("teachkit-data-appendix", _Generated)
    app.add_directive("teachkit-glossary", _Glossary)
