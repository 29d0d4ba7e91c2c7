"""teachkit's shape: layers that import only downwards, modules and functions a reader can hold.

The layers, bottom to top: ``teachkit._checks`` (argument checks), ``teachkit.data``,
``teachkit.models``, ``teachkit.charts``, ``teachkit.widgets``, and the book's
machinery, ``teachkit.book``. Every import is read from the source, including
imports inside functions and under ``TYPE_CHECKING``.
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import teachkit

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "teachkit"
LAYERS = (
    "teachkit._checks",
    "teachkit.data",
    "teachkit.models",
    "teachkit.charts",
    "teachkit.widgets",
    "teachkit.book",
)
# What only the book's machinery may import: a student's notebook never needs them.
BOOK_ONLY = (
    "sphinx",
    "docutils",
    "myst_parser",
    "myst_nb",
    "markdown_it",
    "yaml",
    "jupyter_book",
    "otter",
    "tinycss2",
    "latex2mathml",
)
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 80


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def layer_of(module: str) -> int | None:
    """The index of a module's layer in LAYERS (None for the top-level facade)."""
    for index, layer in enumerate(LAYERS):
        if module == layer or module.startswith(layer + "."):
            return index
    return None


def imports_of(module: str, path: Path) -> list[tuple[str, int]]:
    """Every module a source file imports, with its line, relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.append((base, node.lineno))
            found += [(f"{base}.{alias.name}", node.lineno) for alias in node.names]
    return found


def test_the_layers_exist_and_cover_every_module() -> None:
    for layer in LAYERS:
        assert layer in MODULES, f"missing layer {layer}"
    stray = [m for m in MODULES if m != "teachkit" and layer_of(m) is None]
    assert stray == [], f"modules outside the layers: {stray}"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m != "teachkit"))
def test_a_layer_imports_only_the_layers_below_it(module: str) -> None:
    own = layer_of(module)
    assert own is not None
    upward = [
        f"line {line}: {target} ({LAYERS[target_layer]})"
        for target, line in imports_of(module, MODULES[module])
        if target.startswith("teachkit")
        and target in MODULES  # a module, not a name imported from one
        and (target_layer := layer_of(target)) is not None
        and target_layer > own
    ]
    assert upward == [], f"{module} ({LAYERS[own]}) imports a higher layer: {upward}"


@pytest.mark.parametrize(
    "module", sorted(m for m in MODULES if (layer_of(m) or 0) < LAYERS.index("teachkit.book"))
)
def test_nothing_below_the_book_imports_sphinx_docutils_myst_or_yaml(module: str) -> None:
    bad = [
        f"line {line}: {target}"
        for target, line in imports_of(module, MODULES[module])
        if target.split(".")[0] in BOOK_ONLY
    ]
    assert bad == [], f"{module} imports the book's tools: {bad}"


def test_the_layer_check_catches_an_upward_import(tmp_path: Path) -> None:
    """The checker itself: an import of the book from the data layer is found."""
    fake = tmp_path / "loader.py"
    fake.write_text("def f():\n    from teachkit.book import appendix\n    from . import models\n")
    found = imports_of("teachkit.data.loader", fake)
    assert ("teachkit.book.appendix", 2) in found
    assert ("teachkit.data.models", 3) in found
    assert layer_of("teachkit.book.appendix") == LAYERS.index("teachkit.book")


def test_what_a_student_imports_pulls_in_no_book_tooling() -> None:
    code = (
        "import sys, teachkit as tk\n"
        "tk.enable()\n"
        "for name in tk.__all__: getattr(tk, name)\n"
        "tk.future_weights(); tk.load('summits'); tk.model_card('wheeler')\n"
        f"bad = sorted({{m for m in sys.modules if m.split('.')[0] in {BOOK_ONLY!r}}})\n"
        "print(','.join(bad))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert run.stdout.strip() == "", f"importing teachkit loaded: {run.stdout.strip()}"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_is_over_500_lines(module: str) -> None:
    lines = len(MODULES[module].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{module}: {lines} lines"


def long_functions(path: Path, limit: int = MAX_FUNCTION_LINES) -> list[str]:
    """Functions (methods and nested ones too, docstrings included) longer than ``limit``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines, line {node.lineno})"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > limit
    ]


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_function_is_over_80_lines(module: str) -> None:
    assert long_functions(MODULES[module]) == []


def test_the_function_length_check_counts_a_long_function(tmp_path: Path) -> None:
    source = tmp_path / "long.py"
    body = "".join(f"    x{i} = {i}\n" for i in range(80))
    source.write_text(f"def long():\n{body}\n\ndef short():\n    return 1\n")
    assert long_functions(source) == ["long (81 lines, line 1)"]


def test_the_version_is_written_once_and_citation_agrees() -> None:
    installed = importlib.metadata.version("teachkit")
    assert installed == teachkit.__version__
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "version" not in project, "pyproject.toml must not repeat the version"
    assert "version" in project["dynamic"]
    citation = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    match = re.search(r"(?m)^version:\s*\"?([^\"\n]+)\"?\s*$", citation)
    assert match, "CITATION.cff has no version"
    assert match.group(1).strip() == teachkit.__version__


def test_the_static_build_variable_is_defined_once() -> None:
    hits = [
        str(path.relative_to(ROOT))
        for path in PACKAGE.rglob("*.py")
        if '"TEACHKIT_STATIC_BUILD"' in path.read_text(encoding="utf-8")
    ]
    assert hits == ["src/teachkit/_checks.py"]
