"""The generated data appendix and glossary: complete, true to the data, real Sphinx content."""

from __future__ import annotations

import csv
import hashlib
import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bookhelpers import ROOT
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

from teachkit.book import appendix as _appendix
from teachkit.data import _loader as _data
from teachkit.data import info as _info

DATA = ROOT / "data"
DESCRIPTOR = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {r["name"]: r for r in DESCRIPTOR["resources"]}
NAMES = sorted(RESOURCES)
APPENDIX = _appendix.data_appendix_markdown()
GLOSSARY = _appendix.glossary_markdown()


def rows(name: str) -> list[dict[str, str]]:
    with (DATA / RESOURCES[name]["path"]).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def section(name: str) -> str:
    """The appendix text of one dataset, from its label to the next dataset's."""
    match = re.search(
        rf"^\(data-{name}\)=\n(.*?)(?=^\(data-[a-z_]+\)=\n|\Z)", APPENDIX, re.M | re.S
    )
    assert match, f"no section labelled data-{name}"
    return match.group(1)


def part(name: str, slug: str) -> str:
    """One part (sources, columns, quirks, ...) of a dataset's section."""
    match = re.search(
        rf"^\(data-{name}-{slug}\)=\n(.*?)(?=^\(data-|\Z)", section(name), re.M | re.S
    )
    assert match, f"no part data-{name}-{slug}"
    return match.group(1)


def plain(markdown: str) -> str:
    """Markdown rendered the way MyST would (CommonMark, tables, $-maths), as plain text."""
    parser = MarkdownIt("commonmark").enable("table").use(dollarmath_plugin)
    rendered = parser.render(markdown)
    assert 'class="math' not in rendered, "text became maths"
    inline = re.sub(r"</?(a|code|em|strong|span)\b[^>]*>", "", rendered)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", inline)).split())


def squash(text: str) -> str:
    return " ".join(text.split())


# -------------------------------------------------------------------------- the appendix


def test_every_dataset_has_one_section_in_name_order() -> None:
    labels = re.findall(r"^\(data-([a-z_]+)\)=$", APPENDIX, re.M)
    assert labels == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_section_gives_title_provenance_licence_and_row_count(name: str) -> None:
    resource, text = RESOURCES[name], section(name)
    heading = text.splitlines()[0]
    assert heading.startswith("## ")
    assert plain(heading) == squash(resource["title"])
    assert f"{len(rows(name))} rows" in text
    assert squash(resource["description"]) in plain(text)
    sources = part(name, "sources")
    for source in resource["sources"]:
        if "path" in source:  # a source may have no URL (e.g. an essay with no stable link)
            assert f"]({source['path']})" in sources
        assert squash(source["title"]) in plain(sources)
    for licence in resource["licenses"]:
        assert f"[{licence['name']}]({licence['path']})" in sources


@pytest.mark.parametrize("name", NAMES)
def test_column_table_lists_every_column_with_type_constraints_and_description(name: str) -> None:
    fields = RESOURCES[name]["schema"]["fields"]
    table = [line for line in part(name, "columns").splitlines() if line.startswith("| `")]
    cells = [re.split(r"(?<!\\)\|", line)[1:-1] for line in table]
    assert [c[0].strip().strip("`") for c in cells] == [f["name"] for f in fields]
    for field, (_, kind, constraints, description) in zip(fields, cells, strict=True):
        assert kind.strip().startswith(field["type"])
        c = field.get("constraints") or {}
        assert ("required" in constraints) == bool(
            c.get("required")
        ) or "primary key" in constraints
        for value in c.get("enum", []):
            assert f"`{value}`" in constraints, (field["name"], value)
        if "pattern" in c:
            assert f"`{c['pattern'].replace('|', chr(92) + '|')}`" in constraints
        for bound in ("minimum", "maximum"):
            if bound in c:
                assert f"{bound} `{c[bound]}`" in constraints
        if field.get("description"):
            assert plain(description) == squash(field["description"])


@pytest.mark.parametrize("name", NAMES)
def test_quirks_and_guidance_appear_under_their_headings(name: str) -> None:
    resource = RESOURCES[name]
    quirks = part(name, "quirks")
    assert quirks.startswith("### Known quirks")
    items = [line for line in quirks.splitlines() if line.startswith("- ")]
    assert [plain(item) for item in items] == [squash(q) for q in resource["quirks"]]
    may = part(name, "may-conclude")
    may_not = part(name, "may-not-conclude")
    assert may.startswith("### What an instructor may conclude")
    assert may_not.startswith("### What an instructor may not conclude")
    assert squash(resource["guidance"]["may_conclude"]) in plain(may)
    assert squash(resource["guidance"]["may_not_conclude"]) in plain(may_not)


INTERPRETIVE = {"trust_codings", "personal_diplomacy_scorecard"}


@pytest.mark.parametrize("name", sorted(INTERPRETIVE))
def test_interpretive_datasets_are_called_interpretation_not_measurement(name: str) -> None:
    text = section(name).split(f"(data-{name}-sources)=")[0]
    box = re.search(r"```\{important\}\n(.*?)\n```", text, re.S)
    assert box, f"the {name} section has no 'important' box"
    assert "the book's interpretation, not a measurement" in box.group(1)


def test_only_interpretive_datasets_carry_the_warning() -> None:
    others = [n for n in NAMES if n not in INTERPRETIVE and "```{important}" in section(n)]
    assert others == []


def test_markup_in_the_data_is_shown_as_text() -> None:
    """Angle brackets, dollars, stars, roles and list-like starts are escaped, URLs linked."""
    info = _info.describe("essays")
    tricky = "Ids like <trip> and <id>, $5 and $6, *not bold*, {term}`x`, a|b, 1985. Not a list"
    quirks = (tricky, "- starts with a dash", "12) starts with a number")
    fake = _info.DatasetInfo(**{**info.__dict__, "description": tricky, "quirks": quirks})
    text = _info.dataset_markdown(fake)
    assert plain(text).count(squash(tricky)) == 2
    assert "- starts with a dash 12) starts with a number" in plain(text)
    assert "{term}`x`" not in text
    linked = _info._escape("See https://example.org/a_b_(c). Then more.")
    assert "<https://example.org/a_b_(c)>." in linked


def test_the_appendix_follows_the_data_package(tmp_path: Path) -> None:
    """Nothing is hand-copied: edit the descriptor and the appendix changes with it."""
    for path in [*DATA.glob("*.csv"), DATA / "datapackage.json", DATA / "references.bib"]:
        shutil.copy(path, tmp_path / path.name)
    descriptor = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    summits = next(r for r in descriptor["resources"] if r["name"] == "summits")
    summits["quirks"].append("A quirk added by the test.")
    summits["schema"]["fields"][1]["description"] = "A description changed by the test."
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    text = _appendix._appendix_from(_data._open(tmp_path))
    assert "- A quirk added by the test." in text
    assert "| `title` | string | required | A description changed by the test. |" in text


# -------------------------------------------------------------------------- the glossary


def glossary_entries() -> dict[str, str]:
    """Term line -> its (dedented) definition block, from the generated directive."""
    lines = GLOSSARY.splitlines()
    assert lines[0] == "```{glossary}"
    assert lines[-1] == "```"
    entries: dict[str, str] = {}
    term = ""
    for line in lines[1:-1]:
        if line and not line[0].isspace():
            term = line
            entries[term] = ""
        else:
            entries[term] += line.strip() + "\n"
    return entries


def test_glossary_has_every_term_sorted_with_its_definition() -> None:
    entries = glossary_entries()
    terms = {g["term"]: g for g in rows("glossary")}
    assert list(entries) == sorted(terms, key=str.casefold)
    for term, text in entries.items():
        assert squash(terms[term]["definition"]) in plain(text)


def test_glossary_sources_see_also_and_essays_are_rendered() -> None:
    bib = set(re.findall(r"@\w+\{([^,\s]+),", (DATA / "references.bib").read_text()))
    essays = {e["id"]: e for e in rows("essays")}
    by_id = {g["id"]: g for g in rows("glossary")}
    entries = glossary_entries()
    for g in by_id.values():
        text = entries[g["term"]]
        source = text.split("**Source:**")[1].split("**See also:**")[0]
        for token in g["source"].split(";"):
            if token in bib:
                assert f"{{cite:p}}`{token}`" in source
            elif token in essays:
                assert f"(essay {token})" in source
                assert essays[token]["title"] in plain(source)
            elif token.startswith("http"):
                assert f"<{token}>" in source
            else:
                assert token in plain(source)
        for other in filter(None, g["see_also"].split(";")):
            assert f"{{term}}`{by_id[other]['term']}`" in text
        for essay in filter(None, g["used_in"].split(";")):
            assert f"(essay {essay})" in text.split("**Discussed in:**")[1]
    # no essay id is left bare: each stands in "(essay eNNN" after the author and title
    assert not re.search(r"(?<!\(essay )\be00[0-4]\b", GLOSSARY.replace("Essay 00", ""))


def test_every_term_link_in_the_glossary_resolves_to_a_term() -> None:
    terms = {t.casefold() for t in glossary_entries()}
    links = re.findall(r"\{term\}`([^`]+)`", GLOSSARY)
    assert links
    assert {link.casefold() for link in links} <= terms


# -------------------------------------------------------------------------- in Sphinx


def test_the_directives_make_sections_terms_and_citations(tmp_path: Path) -> None:
    """A small Sphinx build: headings are sections, terms and labels resolve, no warnings."""
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(DATA / "references.bib", src / "references.bib")
    (src / "conf.py").write_text(
        "extensions = ['myst_parser', 'sphinxcontrib.bibtex']\n"
        "bibtex_bibfiles = ['references.bib']\n"
        "myst_enable_extensions = ['colon_fence', 'dollarmath', 'deflist']\n"
        "def setup(app):\n"
        "    from teachkit.book.appendix import register\n"
        "    register(app)\n"
    )
    (src / "index.md").write_text(
        "# Book\n\n```{toctree}\nappendix\nglossary\nchapter\nbibliography\n```\n"
    )
    (src / "appendix.md").write_text(
        "(appendix)=\n# Data appendix\n\n```{teachkit-data-appendix}\n```\n"
    )
    (src / "glossary.md").write_text("# Glossary\n\n```{teachkit-glossary}\n```\n")
    (src / "chapter.md").write_text(
        "# Chapter\n\nSee {term}`security dilemma sensibility`, {term}`Index (Jervis)`, "
        "{ref}`data-summits`, {ref}`data-dyads` and {ref}`data-trust_codings-quirks`.\n"
    )
    (src / "bibliography.md").write_text("# Bibliography\n\n```{bibliography}\n```\n")
    out = tmp_path / "html"
    build = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "-n", "-q", "-b", "html", str(src), str(out)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    chapter = (out / "chapter.html").read_text(encoding="utf-8")
    assert 'href="glossary.html#term-security-dilemma-sensibility"' in chapter
    assert 'href="appendix.html#data-summits"' in chapter
    appendix = (out / "appendix.html").read_text(encoding="utf-8")
    assert appendix.count("<h2>") == len(NAMES)
    assert '<span id="data-summits"></span><h2>' in appendix
    assert appendix.count("<table") == len(NAMES)
    glossary = (out / "glossary.html").read_text(encoding="utf-8")
    assert glossary.count('<dt id="term-') == len(rows("glossary"))
    assert 'class="bibtex-citation"' in glossary


def test_rehash_guard_keeps_the_generated_pages_honest(tmp_path: Path) -> None:
    """The glossary is generated from checked data: a glossary.csv edited without a hash fails."""
    for path in [*DATA.glob("*.csv"), DATA / "datapackage.json", DATA / "references.bib"]:
        shutil.copy(path, tmp_path / path.name)
    path = tmp_path / "glossary.csv"
    path.write_text(path.read_text(encoding="utf-8") + "x,y,method,z,e004,,\n", encoding="utf-8")
    with pytest.raises(_data.DataValidationError, match="has changed since"):
        _appendix._glossary_from(_data._open(tmp_path))
    descriptor = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    raw = path.read_bytes()
    for resource in descriptor["resources"]:
        if resource["name"] == "glossary":
            resource.update(hash="sha256:" + hashlib.sha256(raw).hexdigest(), bytes=len(raw))
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    assert "\ny\n  z\n" in _appendix._glossary_from(_data._open(tmp_path))
