"""What the project declares matches what it does: imports, locks and licences."""

from __future__ import annotations

import ast
import functools
import importlib.metadata
import json
import re
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "teachkit"
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _name(requirement: str) -> str:
    return re.sub(r"[-_.]+", "-", re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0]).lower()


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return {name for name in found if name not in sys.stdlib_module_names and name != "teachkit"}


@functools.cache
def _installed() -> dict[str, list[str]]:
    return dict(importlib.metadata.packages_distributions())


def _distributions(module: str) -> set[str]:
    found = _installed().get(module, [])
    return {_name(d) for d in found}


@pytest.mark.parametrize(
    ("layer", "declared"),
    [
        ("student", {_name(d) for d in PROJECT["dependencies"]}),
        (
            "book",
            {_name(d) for d in PROJECT["dependencies"]}
            | {_name(d) for d in PROJECT["optional-dependencies"]["book"]}
            | {_name(d) for d in PROJECT["optional-dependencies"]["tools"]},
        ),
    ],
)
def test_every_third_party_import_is_declared(layer: str, declared: set[str]) -> None:
    files = [
        p for p in SRC.rglob("*.py") if (p.relative_to(SRC).parts[0] == "book") == (layer == "book")
    ]
    undeclared = {}
    for path in files:
        for module in _imports(path):
            distributions = _distributions(module)
            assert distributions, f"{path.relative_to(ROOT)} imports {module}, not installed"
            if not distributions & declared:
                undeclared[f"{path.relative_to(ROOT)}: {module}"] = sorted(distributions)
    assert not undeclared, f"declare in pyproject.toml ({layer}): {undeclared}"


def test_the_locks_cover_every_declared_requirement() -> None:
    pin = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==", re.MULTILINE)
    book = {_name(n) for n in pin.findall((ROOT / "requirements.txt").read_text())}
    tools = {_name(n) for n in pin.findall((ROOT / "requirements-tools.txt").read_text())}
    test = {_name(n) for n in pin.findall((ROOT / "requirements-test.txt").read_text())}
    extras = PROJECT["optional-dependencies"]
    assert {_name(d) for d in [*PROJECT["dependencies"], *extras["book"]]} <= book
    assert {_name(d) for d in extras["tools"]} <= tools
    assert {_name(d) for d in extras["test"]} <= test
    assert book <= tools <= test
    assert "otter-grader" not in book  # reading the book needs no grader


def test_the_wheel_declares_the_data_licence_it_ships() -> None:
    assert PROJECT["license"] == "MIT AND CC-BY-4.0"
    assert set(PROJECT["license-files"]) == {"LICENSE", "LICENSE-CONTENT"}


def test_licence_content_names_every_dataset_under_its_licence() -> None:
    text = " ".join((ROOT / "LICENSE-CONTENT").read_text(encoding="utf-8").split())
    cc_by, _, rest = text.partition("Exceptions")
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        licences = {entry["name"] for entry in resource["licenses"]}
        where = cc_by if licences == {"CC-BY-4.0"} else rest
        assert f"data/{resource['path']}" in where, (resource["path"], licences)
    names = {r["path"] for r in package["resources"]}
    assert names == {p.name for p in (ROOT / "data").glob("*.csv")}


def test_citation_lists_both_licences() -> None:
    citation = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    block = citation.split("license:", 1)[1]
    assert "- MIT" in block
    assert "- CC-BY-4.0" in block


def _citation_check(tmp_path: Path, citation: str) -> str:
    """Run the deploy workflow's CITATION.cff check on ``citation``; return what it printed."""
    import subprocess

    import yaml

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "deploy-student.yml").read_text())
    step = next(
        s for s in workflow["jobs"]["deploy"]["steps"] if "CITATION" in str(s.get("name", ""))
    )
    (tmp_path / "CITATION.cff").write_text(citation, encoding="utf-8")
    result = subprocess.run(
        ["bash", "-e", "-c", step["run"]],
        cwd=tmp_path,
        env={"GITHUB_REPOSITORY": "owner/book", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def test_the_deploy_warns_until_citation_names_the_repository(tmp_path: Path) -> None:
    """The URL is not known here: the first deploy says what to add, and is quiet after."""
    ours = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    warning = _citation_check(tmp_path, ours)
    assert "::warning file=CITATION.cff::" in warning
    assert 'repository-code: "https://github.com/owner/book"' in warning
    named = ours + 'repository-code: "https://github.com/owner/book"\n'
    assert _citation_check(tmp_path, named) == ""


def test_nothing_a_reader_opens_points_outside_the_repository() -> None:
    readers = [
        ROOT / "data" / "datapackage.json",
        ROOT / "README.md",
        *(ROOT / "chapters").glob("*.md"),
        *SRC.rglob("*.py"),
        *SRC.rglob("*.toml"),
    ]
    outside = re.compile(r"(\.\./)?shared/(sources|data-sources)")
    found = [
        p.relative_to(ROOT).as_posix() for p in readers if outside.search(p.read_text("utf-8"))
    ]
    assert not found, f"these point readers at the authors' workspace, not the repository: {found}"
    assert (ROOT / "data" / "sources" / "ooh-travels" / "LICENSE.md").is_file()
    assert (ROOT / "data" / "sources" / "ooh-visits" / "LICENSE.md").is_file()


def test_the_readme_lists_every_chapter_and_shows_a_picture() -> None:
    import yaml

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    for part in toc["parts"]:
        assert f"**{part['caption']}**" in readme
        for chapter in part["chapters"]:
            text = (ROOT / f"{chapter['file']}.md").read_text(encoding="utf-8")
            title = re.search(r"^# (.+)$", text, re.MULTILINE)
            assert title, chapter["file"]
            assert title.group(1) in readme, chapter["file"]
    pictures = re.findall(r"!\[[^\]]+\]\(([^)]+)\)", readme)
    assert pictures
    assert all((ROOT / p).is_file() for p in pictures), pictures
    two = readme.split("## Two commands", 1)[1].split("\n## ", 1)[0]
    assert re.findall(r"```console\n(.+)\n```", two) == [
        "python3 dev.py book",
        "python3 dev.py test",
    ]


def test_the_chapter_checklist_names_what_the_chapter_tests_require() -> None:
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for needed in (
        "## Discussion questions",
        "## Further reading",
        "## Check yourself",
        "{teachkit-quiz}",
        "data/references.bib",
        "data/glossary.csv",
        "`## What you'll need`",
    ):
        assert needed in contributing, needed
