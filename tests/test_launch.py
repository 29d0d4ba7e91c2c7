"""Launch buttons, notebook downloads, Binder and the deploy workflows (issue #6).

Unit tests cover the settings (every configuration error), the launch URLs and the
download notebook. Fixture books prove the same on a strict build: each launch URL is
well formed and points at a file that exists, each chapter downloads as an executed
notebook whose first code cell installs teachkit, and that notebook runs in a fresh
virtual environment with only ipykernel in it. The whole book (``built_book``, built as
if published from ``bookhelpers.TEST_REPOSITORY`` with a JupyterHub) is checked page by
page the same way. Binder's configuration and the two deploy workflows are checked
against ``requirements.txt`` and ``dev.py``.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shlex
import shutil
import stat
import subprocess
import sys
import tomllib
import venv
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import nbformat
import pytest
import yaml
from bookhelpers import (
    FIXTURES,
    ROOT,
    TEST_HUB_URL,
    TEST_REPOSITORY,
    BookBuild,
    build_book,
    fixture_book,
    load_dev,
)
from sphinx.errors import ConfigError

from teachkit.book.chart_pictures import SVG_MIME, is_chart
from teachkit.book.downloads import page_url, readable_markdown
from teachkit.book.launch import (
    DEFAULT_OPTIONS,
    HUB_ENV,
    PIP_SOURCE_ENV,
    PROVIDERS,
    REPOSITORY_ENV,
    LaunchConfigError,
    Repository,
    download_notebook,
    install_cell_source,
    intro_text,
    launch_group,
    launch_urls,
    parse_repository,
    resolve_settings,
)

OWNER, NAME = TEST_REPOSITORY.split("/")
HUB_HOST = urlsplit(TEST_HUB_URL).hostname
PIP_SOURCE = f"git+https://github.com/{TEST_REPOSITORY}@main"
NO_REPOSITORY = {"TEACHKIT_REPOSITORY": None, "GITHUB_REPOSITORY": None, HUB_ENV: None}
WITH_REPOSITORY = {"TEACHKIT_REPOSITORY": TEST_REPOSITORY, HUB_ENV: TEST_HUB_URL}
MARKERS = ("tkleakprose7q", "tkleakcode7q", "tkleakgated7q", "tkleakoutput7q")


def _theme_images() -> Path:
    """Where sphinx-book-theme keeps the icons its launch buttons use."""
    spec = importlib.util.find_spec("sphinx_book_theme")
    assert spec is not None
    assert spec.origin is not None
    return Path(spec.origin).parent / "theme" / "sphinx_book_theme" / "static" / "images"


# -- settings ---------------------------------------------------------------------------


def test_by_default_binder_and_colab_with_no_repository() -> None:
    settings = resolve_settings({}, environ={})
    assert settings.repository is None
    assert settings.providers == ("binder", "colab")
    assert settings.binderhub_url == "https://mybinder.org"
    assert settings.notebooks_branch == "gh-pages"
    assert launch_urls(settings, "chapters/x.md", "chapters/x") == {}


@pytest.mark.parametrize(
    ("value", "owner", "name"),
    [
        ("o/r", "o", "r"),
        (" my-org/trusting-enemies ", "my-org", "trusting-enemies"),
        ("https://github.com/my-org/book.v2", "my-org", "book.v2"),
        ("https://github.com/my-org/book.git", "my-org", "book"),
        ("https://github.com/my-org/book/", "my-org", "book"),
    ],
)
def test_a_repository_is_owner_and_name_or_github_url(value: str, owner: str, name: str) -> None:
    repo = parse_repository(value, origin="x")
    assert (repo.owner, repo.name, repo.branch) == (owner, name, "main")
    assert repo.url == f"https://github.com/{owner}/{name}"
    assert repo.pip_source == f"git+https://github.com/{owner}/{name}@main"


@pytest.mark.parametrize(
    "value", ["trusting-enemies", "o/r/extra", "https://gitlab.com/o/r", "-o/r", "o/r s", "o/"]
)
def test_a_repository_that_is_not_on_github_is_a_clear_error(value: str) -> None:
    with pytest.raises(LaunchConfigError) as err:
        resolve_settings({}, environ={REPOSITORY_ENV: value})
    message = str(err.value)
    assert f"${REPOSITORY_ENV} = {value!r}" in message
    assert "owner/name" in message
    assert f"{REPOSITORY_ENV}=" in message  # an example


def test_a_bad_repository_url_in_config_names_the_setting() -> None:
    with pytest.raises(LaunchConfigError, match=r"repository\.url in _config\.yml"):
        resolve_settings({}, environ={}, repository_url="https://example.org/book")


def test_where_the_repository_comes_from_in_order() -> None:
    config = "https://github.com/from/config"
    both = {REPOSITORY_ENV: "from/teachkit", "GITHUB_REPOSITORY": "from/actions"}
    assert resolve_settings({}, environ=both, repository_url=config).repository == Repository(
        "from", "teachkit"
    )
    actions = {"GITHUB_REPOSITORY": "from/actions", REPOSITORY_ENV: " "}
    repo = resolve_settings({}, environ=actions, repository_url=config).repository
    assert repo == Repository("from", "actions")
    repo = resolve_settings({}, environ={}, repository_url=config, branch="stable").repository
    assert repo == Repository("from", "config", "stable")


def test_jupyter_books_own_default_repository_is_not_the_books() -> None:
    default = "https://github.com/executablebooks/jupyter-book"
    assert resolve_settings({}, environ={}, repository_url=default).repository is None


def test_a_hub_url_from_the_environment_turns_jupyterhub_on() -> None:
    settings = resolve_settings(
        {"jupyterhub_url": "https://other.example.org"},
        environ={HUB_ENV: "https://hub.example.edu/"},
    )
    assert settings.providers == ("binder", "jupyterhub", "colab")
    assert settings.jupyterhub_url == "https://hub.example.edu"
    from_config = resolve_settings({"jupyterhub_url": "http://hub.local:8000/"}, environ={})
    assert from_config.jupyterhub_url == "http://hub.local:8000"
    assert "jupyterhub" in from_config.providers


def test_jupyterhub_without_a_hub_url_is_a_clear_error() -> None:
    with pytest.raises(LaunchConfigError) as err:
        resolve_settings({"providers": ["binder", "jupyterhub"]}, environ={HUB_ENV: ""})
    message = str(err.value)
    assert "missing hub URL" in message
    assert HUB_ENV in message
    assert "teachkit_launch.jupyterhub_url" in message
    assert "https://hub.example.edu" in message


def test_an_unknown_provider_is_a_clear_error() -> None:
    with pytest.raises(LaunchConfigError) as err:
        resolve_settings({"providers": ["binder", "kaggle"]}, environ={})
    message = str(err.value)
    assert "'kaggle'" in message
    for provider in PROVIDERS:
        assert provider in message


@pytest.mark.parametrize(
    ("options", "environ", "key"),
    [
        ({}, {HUB_ENV: "hub.example.edu"}, "jupyterhub_url"),
        ({}, {HUB_ENV: "ftp://hub.example.edu"}, "jupyterhub_url"),
        ({}, {HUB_ENV: "https://"}, "jupyterhub_url"),
        ({"jupyterhub_url": "https://hub.example.edu/?next=x"}, {}, "jupyterhub_url"),
        ({"binderhub_url": "mybinder.org"}, {}, "binderhub_url"),
        ({"binderhub_url": ""}, {}, "binderhub_url"),
    ],
)
def test_a_url_that_is_not_http_with_a_host_is_a_clear_error(
    options: dict[str, str], environ: dict[str, str], key: str
) -> None:
    with pytest.raises(LaunchConfigError) as err:
        resolve_settings(options, environ=environ)
    message = str(err.value)
    assert f"teachkit_launch.{key}" in message
    assert "http(s) URL with a host" in message
    if environ:
        assert f"${HUB_ENV}" in message


def test_an_unused_binderhub_url_is_not_checked() -> None:
    settings = resolve_settings({"providers": ["colab"], "binderhub_url": ""}, environ={})
    assert settings.providers == ("colab",)


def test_unknown_keys_are_a_clear_error() -> None:
    with pytest.raises(LaunchConfigError) as err:
        resolve_settings({"binderhub": "https://mybinder.org", "colab": True}, environ={})
    message = str(err.value)
    assert "'binderhub', 'colab'" in message
    for key in DEFAULT_OPTIONS:
        assert key in message


@pytest.mark.parametrize(
    "options",
    [
        {"providers": "binder"},
        {"providers": [1]},
        {"jupyterhub_url": 3},
        {"notebooks_branch": ""},
        {"notebooks_branch": "gh pages"},
        ["binder"],
    ],
)
def test_badly_typed_settings_are_clear_errors(options: Any) -> None:
    with pytest.raises(LaunchConfigError, match="teachkit_launch"):
        resolve_settings(options, environ={})


def test_launch_errors_are_sphinx_configuration_errors() -> None:
    assert issubclass(LaunchConfigError, ConfigError)


# -- launch URLs --------------------------------------------------------------------------


def _settings(**options: Any) -> Any:
    return resolve_settings(options, environ={REPOSITORY_ENV: "o/r", HUB_ENV: "https://hub.x"})


def test_each_launch_url_exactly() -> None:
    urls = launch_urls(_settings(), "chapters/x.md", "chapters/x")
    assert list(urls) == ["binder", "jupyterhub", "colab"]  # the menu's order
    pull = (
        "git-pull?repo=https%3A//github.com/o/r&branch=gh-pages"
        "&urlpath=lab/tree/r/_sources/chapters/x.ipynb"
    )
    assert urls["jupyterhub"] == f"https://hub.x/hub/user-redirect/{pull}"
    assert urls["binder"] == (
        "https://mybinder.org/v2/gh/o/r/main?urlpath=git-pull%3Frepo%3Dhttps%253A%2F%2Fgithub"
        ".com%2Fo%2Fr%26branch%3Dgh-pages%26urlpath%3Dlab%2Ftree%2Fr%2F_sources%2Fchapters%2Fx"
        ".ipynb"
    )
    assert urls["colab"] == (
        "https://colab.research.google.com/github/o/r/blob/gh-pages/_sources/chapters/x.ipynb"
    )


def _pull(url: str) -> tuple[str, dict[str, list[str]]]:
    """The nbgitpuller request a Binder or JupyterHub launch URL ends in: path and query."""
    parts = urlsplit(url)
    if parts.path.startswith("/v2/gh/"):  # Binder: the pull is the urlpath after the build
        parts = urlsplit(parse_qs(parts.query)["urlpath"][0])
    return parts.path, parse_qs(parts.query)


@pytest.mark.parametrize("provider", ["binder", "jupyterhub"])
def test_binder_and_jupyterhub_pull_the_student_notebook_from_the_site(provider: str) -> None:
    url = launch_urls(_settings(), "chapters/x.md", "chapters/x")[provider]
    path, query = _pull(url)
    assert path.endswith("git-pull")
    assert query == {
        "repo": ["https://github.com/o/r"],
        "branch": ["gh-pages"],  # the published student edition, as Colab opens it
        "urlpath": ["lab/tree/r/_sources/chapters/x.ipynb"],  # r: the folder nbgitpuller makes
    }


def test_launch_urls_follow_the_settings() -> None:
    settings = resolve_settings(
        {"providers": ["binder"], "binderhub_url": "https://binder.example.org/"},
        environ={REPOSITORY_ENV: "o/r"},
        branch="feature/x",
        path_to_book="book/",
    )
    urls = launch_urls(settings, "chapters/x.md", "chapters/x")
    assert list(urls) == ["binder"]
    binder = urlsplit(urls["binder"])
    assert binder.netloc == "binder.example.org"
    assert binder.path == "/v2/gh/o/r/feature%2Fx"  # the environment: the repository's branch
    assert _pull(urls["binder"])[1]["urlpath"] == ["lab/tree/r/_sources/chapters/x.ipynb"]
    colab = launch_urls(_settings(notebooks_branch="pages"), "c/x.md", "c/x")["colab"]
    assert urlsplit(colab).path == "/github/o/r/blob/pages/_sources/c/x.ipynb"
    hub = launch_urls(_settings(notebooks_branch="pages"), "c/x.md", "c/x")["jupyterhub"]
    assert _pull(hub)[1]["branch"] == ["pages"]


def test_the_launch_menu_looks_like_the_themes() -> None:
    group = launch_group(launch_urls(_settings(), "chapters/x.md", "chapters/x"))
    assert group["type"] == "group"
    assert group["label"] == "launch-buttons"
    assert group["icon"] == "fas fa-rocket"
    texts = [b["text"] for b in group["buttons"]]
    assert texts == ["Binder", "JupyterHub", "Colab"]  # a visible label for every link
    for button in group["buttons"]:
        assert button["type"] == "link"
        assert button["tooltip"].endswith(button["text"])
        assert (_theme_images() / Path(button["icon"]).name).is_file(), button["icon"]
        assert button["icon"].startswith("_static/images/")


# -- the download notebook --------------------------------------------------------------


def _run_cell(
    source: str, monkeypatch: pytest.MonkeyPatch, *, installed: bool = False
) -> list[list[str]]:
    calls: list[list[str]] = []
    real = importlib.util.find_spec

    def find_spec(name: str, *args: Any) -> Any:
        if name == "teachkit":
            return real(name) if installed else None
        return real(name, *args)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    monkeypatch.setattr(subprocess, "check_call", lambda cmd, **kw: calls.append(list(cmd)))
    exec(compile(source, "install-cell", "exec"), {})
    return calls


def test_the_install_cell_installs_teachkit_only_when_it_is_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(PIP_SOURCE_ENV, raising=False)
    source = install_cell_source(PIP_SOURCE)
    assert _run_cell(source, monkeypatch, installed=True) == []
    pip = [sys.executable, "-m", "pip", "install", "--quiet"]
    assert _run_cell(source, monkeypatch) == [[*pip, PIP_SOURCE]]
    monkeypatch.setenv(PIP_SOURCE_ENV, "/path/to/checkout")
    assert _run_cell(source, monkeypatch) == [[*pip, "/path/to/checkout"]]


def test_the_install_cell_without_a_source_says_how_to_give_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(PIP_SOURCE_ENV, raising=False)
    with pytest.raises(RuntimeError, match=PIP_SOURCE_ENV):
        _run_cell(install_cell_source(None), monkeypatch)


def _executed(minor: int = 4) -> Any:
    notebook = nbformat.v4.new_notebook()
    notebook.nbformat_minor = minor
    notebook.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "jupytext": {"text_representation": {"extension": ".md"}},
        "source_map": [1, 2],
    }
    code = nbformat.v4.new_code_cell("print(1)", execution_count=1)
    code.outputs = [nbformat.v4.new_output("stream", name="stdout", text="1\n")]
    notebook.cells = [nbformat.v4.new_markdown_cell("# Title"), code]
    if minor < 5:
        for cell in notebook.cells:
            del cell["id"]
    return notebook


@pytest.mark.parametrize("minor", [4, 5])
def test_the_download_notebook_opens_with_an_intro_and_the_install_cell(minor: int) -> None:
    executed = _executed(minor)
    before = json.dumps(executed, sort_keys=True)
    notebook = download_notebook(executed, pip_source=PIP_SOURCE, intro="One line.")
    assert json.dumps(executed, sort_keys=True) == before  # the build's notebook is untouched
    nbformat.validate(notebook)
    assert notebook.nbformat_minor >= 5
    assert [c.cell_type for c in notebook.cells] == ["markdown", "code", "markdown", "code"]
    assert notebook.cells[0].source == "One line."
    assert notebook.cells[1].source == install_cell_source(PIP_SOURCE)
    assert notebook.cells[1].outputs == []
    assert notebook.cells[3].outputs[0]["text"] == "1\n"  # the build's outputs are kept
    assert len({c.id for c in notebook.cells}) == 4
    assert "jupytext" not in notebook.metadata
    assert "source_map" not in notebook.metadata
    assert notebook.metadata.kernelspec.name == "python3"


def test_the_intro_is_one_line_naming_chapter_book_and_install() -> None:
    text = intro_text("Why leaders meet", "Trusting Enemies")
    assert "\n" not in text
    assert "Why leaders meet" in text
    assert "Trusting Enemies" in text
    assert "installs teachkit" in text


# -- what the built pages offer -------------------------------------------------------------


class _Buttons(HTMLParser):
    """Header buttons of a built page: the launch menu's and the download menu's entries."""

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        classes = found.get("class", "").split()
        if tag in ("a", "button") and "dropdown-item" in classes:
            label = next((c[4:] for c in classes if c.startswith("btn-") and c != "btn-sm"), "")
            self.entries.append({"label": label, "href": found.get("href", ""), "tag": tag})
        if tag == "img" and self.entries:
            self.entries[-1].setdefault("img", found.get("src", ""))


def header_buttons(page: Path) -> dict[str, dict[str, str]]:
    parser = _Buttons()
    parser.feed(page.read_text(encoding="utf-8"))
    return {entry["label"]: entry for entry in parser.entries}


def _front_matter(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---"):
        return {}
    loaded = yaml.safe_load(text.split("---", 2)[1])
    return loaded if isinstance(loaded, dict) else {}


def check_notebook_page(html: Path, source_root: Path, docname: str) -> None:
    """Assert one notebook page's launch links and download, as built with WITH_REPOSITORY."""
    page = html / f"{docname}.html"
    buttons = header_buttons(page)
    launch = {k[len("launch-") : -len("-button")]: v for k, v in buttons.items() if "launch" in k}
    assert set(launch) == {"binder", "jupyterhub", "colab"}, (docname, sorted(buttons))
    for provider, entry in launch.items():
        url = urlsplit(entry["href"])
        assert url.scheme == "https", (docname, entry["href"])
        assert (page.parent / entry["img"]).resolve().is_file(), (docname, entry["img"])
        if provider in ("binder", "jupyterhub"):
            host, path = (
                ("mybinder.org", f"/v2/gh/{OWNER}/{NAME}/main")
                if provider == "binder"
                else (HUB_HOST, "/hub/user-redirect/git-pull")
            )
            assert (url.hostname, url.path) == (host, path), (docname, entry["href"])
            _, query = _pull(entry["href"])
            assert query["repo"] == [f"https://github.com/{TEST_REPOSITORY}"]
            assert query["branch"] == ["gh-pages"]  # the site, the student edition
            assert query["urlpath"] == [f"lab/tree/{NAME}/_sources/{docname}.ipynb"]
            target = html / query["urlpath"][0].removeprefix(f"lab/tree/{NAME}/")
        else:
            assert url.hostname == "colab.research.google.com"
            prefix = f"/github/{OWNER}/{NAME}/blob/gh-pages/"
            assert url.path == f"{prefix}_sources/{docname}.ipynb"
            target = html / url.path.removeprefix(prefix)  # the site is the gh-pages branch
        assert target.is_file(), (docname, provider, target)
    downloads = {k: v for k, v in buttons.items() if k.startswith("download-")}
    assert set(downloads) == {"download-notebook-button", "download-pdf-button"}, docname
    notebook_path = (page.parent / downloads["download-notebook-button"]["href"]).resolve()
    assert notebook_path == (html / "_sources" / f"{docname}.ipynb").resolve()
    notebook = nbformat.read(notebook_path, as_version=4)
    nbformat.validate(notebook)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert notebook.cells[0].cell_type == "markdown", docname
    assert code[0].source == install_cell_source(PIP_SOURCE), docname
    # the rest is the notebook as the build executed it, outputs and all
    executed = nbformat.read(html.parent / "jupyter_execute" / f"{docname}.ipynb", as_version=4)
    book_page = f"https://{OWNER}.github.io/{NAME}/{docname}.html"
    assert [c.source for c in notebook.cells[2:]] == [
        readable_markdown(c.source, page_url=book_page) if c.cell_type == "markdown" else c.source
        for c in executed.cells
    ], docname
    markdown = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    assert ":::{" not in markdown, docname  # Jupyter shows Markdown, not MyST directives
    assert "{term}`" not in markdown, docname
    outputs = [c.get("outputs") for c in notebook.cells[2:]]
    for output in (o for cell_outputs in outputs for o in cell_outputs or []):
        if is_chart(output):  # a still picture for Colab, GitHub and nbviewer, and only that
            assert output["data"].pop(SVG_MIME).startswith("<svg"), docname
    assert outputs == [c.get("outputs") for c in executed.cells], docname
    if code[1:]:  # (the bibliography and the glossary have no code)
        assert any(c.outputs for c in code[1:]), f"{docname}: the download has no outputs"
        assert all(c.execution_count for c in code[1:]), f"{docname}: a cell was not executed"


def check_plain_page(html: Path, docname: str) -> None:
    """A page that is not a notebook: no launch menu, its source download unchanged."""
    buttons = header_buttons(html / f"{docname}.html")
    assert not [k for k in buttons if k.startswith("launch-")], docname
    assert "download-notebook-button" not in buttons, docname


@pytest.fixture(scope="module")
def launch_book(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BookBuild]:
    """A widget chapter with planted solutions, built as if published with a hub."""
    tmp = tmp_path_factory.mktemp("launch")
    book = fixture_book(tmp, "chapter_widget.md")
    body = (FIXTURES / "chapter_with_solution_markers.md").read_text(encoding="utf-8")
    body = body.split("---", 2)[2].replace("(fixture-chapter)=\n", "").replace("\n# ", "\n## ")
    chapter = book / "chapters" / "fixture.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + body, encoding="utf-8")
    return book, build_book(book, tmp / "out", env=WITH_REPOSITORY)


@pytest.fixture(scope="module")
def plain_book(tmp_path_factory: pytest.TempPathFactory) -> BookBuild:
    """A book built where no repository is known (not even in GitHub Actions)."""
    tmp = tmp_path_factory.mktemp("plain")
    return build_book(fixture_book(tmp, "chapter_ok.md"), tmp / "out", env=NO_REPOSITORY)


@pytest.mark.build
def test_a_chapter_launches_and_downloads_as_an_executed_notebook(
    launch_book: tuple[Path, BookBuild],
) -> None:
    book, result = launch_book
    assert result.returncode == 0, result.output[-3000:]
    check_notebook_page(result.html, book, "chapters/fixture")
    check_plain_page(result.html, "intro")
    assert "download-source-button" in header_buttons(result.html / "intro.html")


@pytest.mark.build
def test_the_student_download_holds_no_solution(launch_book: tuple[Path, BookBuild]) -> None:
    _, result = launch_book
    text = (result.html / "_sources" / "chapters" / "fixture.ipynb").read_text(encoding="utf-8")
    assert "tkexercisekept7q" in text  # the exercises are there...
    assert [m for m in MARKERS if m in text] == []  # ...and none of the solutions


@pytest.mark.build
def test_without_a_repository_no_launch_buttons_and_one_info_line(plain_book: BookBuild) -> None:
    assert plain_book.returncode == 0, plain_book.output[-3000:]  # -W: not a warning
    lines = [line for line in plain_book.output.splitlines() if "no launch buttons" in line]
    assert len(lines) == 1
    assert REPOSITORY_ENV in lines[0]
    assert "WARNING" not in lines[0]
    check_plain_page(plain_book.html, "intro")
    buttons = header_buttons(plain_book.html / "chapters" / "fixture.html")
    assert not [k for k in buttons if k.startswith("launch-")]
    assert "download-source-button" not in buttons  # still a notebook download, not .md
    notebook = nbformat.read(plain_book.html / "_sources/chapters/fixture.ipynb", as_version=4)
    assert notebook.cells[1].source == install_cell_source(None)


@pytest.mark.build
def test_a_missing_hub_url_stops_the_build_with_a_clear_error(tmp_path: Path) -> None:
    book = fixture_book(tmp_path, "chapter_ok.md")
    config = book / "_config.yml"
    text = config.read_text(encoding="utf-8")
    assert "providers: [binder, colab]" in text
    config.write_text(text.replace("providers: [binder, colab]", "providers: [jupyterhub]"))
    result = build_book(book, tmp_path / "out", env=NO_REPOSITORY)
    assert result.returncode != 0
    assert "missing hub URL" in result.output
    assert HUB_ENV in result.output


def _copy_checkout(target: Path) -> Path:
    """The repository as pip would get it: no virtual environment, caches or build output."""
    skip = {".venv", ".git", "_build", "build", "dist", ".mypy_cache", ".pytest_cache"}
    skip |= {".ruff_cache", ".hypothesis"}

    def ignore(folder: str, names: list[str]) -> set[str]:
        top = Path(folder) == ROOT
        return {n for n in names if (top and n in skip) or n == "__pycache__" or ".egg-info" in n}

    shutil.copytree(ROOT, target, ignore=ignore)
    return target


@pytest.mark.build
def test_a_downloaded_notebook_runs_in_a_fresh_virtual_environment(
    launch_book: tuple[Path, BookBuild], tmp_path: Path
) -> None:
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    _, result = launch_book
    assert result.returncode == 0, result.output[-3000:]
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.pop(PIP_SOURCE_ENV, None)
    fresh = tmp_path / "venv"
    venv.create(fresh, with_pip=True)
    python = fresh / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "ipykernel"], check=True, env=env)  # what Colab or Jupyter provides
    where = "import importlib.util as u; s = u.find_spec('teachkit'); print(s and s.origin)"
    before = subprocess.run([python, "-c", where], capture_output=True, text=True, env=env)
    assert before.stdout.strip() == "None", "teachkit is already in the fresh environment"

    checkout = _copy_checkout(tmp_path / "checkout")
    kernels = tmp_path / "kernels" / "fresh"
    kernels.mkdir(parents=True)
    spec = {
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Fresh venv",
        "language": "python",
        "env": {PIP_SOURCE_ENV: str(checkout)},
    }
    (kernels / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    manager = KernelManager(
        kernel_name="fresh",
        kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(kernels.parent)]),
    )
    notebook = nbformat.read(result.html / "_sources/chapters/fixture.ipynb", as_version=4)
    workdir = tmp_path / "work"
    workdir.mkdir()
    client = NotebookClient(
        notebook, km=manager, timeout=900, resources={"metadata": {"path": str(workdir)}}
    )
    client.execute(env=env)  # raises CellExecutionError if any cell fails

    printed = "".join(o.get("text", "") for o in notebook.cells[1].outputs)
    assert f"Installing teachkit from {checkout}" in printed
    after = subprocess.run([python, "-c", where], capture_output=True, text=True, env=env)
    assert Path(after.stdout.strip()).is_relative_to(fresh)


# -- the whole book (built once per session by the lead's full run) -------------------------


def _pages(html: Path) -> Iterator[str]:
    for page in sorted(html.rglob("*.html")):
        docname = page.relative_to(html).with_suffix("").as_posix()
        if not docname.startswith("_") and docname not in ("genindex", "search", "index"):
            yield docname


@pytest.mark.build
def test_every_chapter_of_the_book_launches_and_downloads(built_book: BookBuild) -> None:
    assert built_book.returncode == 0, "the book did not build; see test_book_builds_strictly"
    notebooks = 0
    for docname in _pages(built_book.html):
        source = ROOT / f"{docname}.md"
        if source.is_file() and "kernelspec" in _front_matter(source):
            check_notebook_page(built_book.html, ROOT, docname)
            notebooks += 1
        else:
            check_plain_page(built_book.html, docname)
    chapters = [p for p in (ROOT / "chapters").glob("*.md") if "kernelspec" in _front_matter(p)]
    assert notebooks >= len(chapters) - 1  # all but the instructor guide (student edition)


# -- Binder -------------------------------------------------------------------------------


def _pins(path: Path) -> dict[str, str]:
    """``name==version`` per requirement line (a hashed lock's hash and note lines skipped)."""
    pins = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line and line[0].isalnum():
            requirement = line.split(";", 1)[0].rstrip(" \\")
            name, sep, version = requirement.partition("==")
            assert sep, f"{path.name}: {line!r} is not pinned with =="
            pins[name.strip().lower().replace("_", "-")] = version.strip()
    return pins


def test_binder_pins_teachkits_runtime_and_jupytext_as_requirements_txt_does() -> None:
    binder = _pins(ROOT / "binder" / "requirements.txt")
    pinned = _pins(ROOT / "requirements-test.txt")  # every lock's versions (nbgitpuller too)
    assert {name: pinned.get(name) for name in binder} == binder  # the same versions
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = {d.split(">")[0].split("=")[0].split("<")[0].strip() for d in project["dependencies"]}
    assert runtime | {"jupytext"} <= set(binder)
    assert not {"sphinx", "jupyter-book", "pytest", "playwright"} & set(binder)  # lean


def test_binder_uses_the_books_python() -> None:
    runtime = (ROOT / "binder" / "runtime.txt").read_text(encoding="utf-8").strip()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert runtime == "python-3.11"
    assert project["requires-python"] == ">=3.11"


def test_binder_installs_teachkit_and_opens_markdown_as_notebooks(tmp_path: Path) -> None:
    post_build = ROOT / "binder" / "postBuild"
    text = post_build.read_text(encoding="utf-8")
    assert text.startswith("#!/bin/bash\n")
    assert post_build.stat().st_mode & stat.S_IXUSR, "postBuild must be executable"
    commands = [shlex.split(line) for line in text.splitlines() if line and line[0] != "#"]
    assert ["python", "-m", "pip", "install", "--no-deps", "--no-cache-dir", "."] in commands
    viewer = next(c for c in commands if c[0] == "jupytext-config")
    # run jupytext's helper (the pinned version) where JupyterLab would read its settings
    bindir = Path(sys.executable).parent
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(tmp_path)}
    subprocess.run([str(bindir / viewer[0]), *viewer[1:]], check=True, env=env)
    written = json.loads((tmp_path / "labconfig" / "default_setting_overrides.json").read_text())
    viewers = written["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]
    assert viewers["markdown"] == "Jupytext Notebook"  # .md chapters open as notebooks
    # ...a viewer that the pinned jupytext's JupyterLab extension does register
    extension = Path(sys.prefix) / "share" / "jupyter" / "labextensions" / "jupyterlab-jupytext"
    assert any("Jupytext Notebook" in p.read_text(errors="ignore") for p in extension.rglob("*.js"))


# -- deploy workflows ---------------------------------------------------------------------


def _workflow(name: str) -> dict[Any, Any]:
    loaded = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    loaded["on"] = loaded.pop(True, loaded.get("on"))  # YAML 1.1 reads the key `on` as True
    return loaded


def _steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    """The steps of the workflow's one job that runs steps (a called workflow has none)."""
    (job,) = [job for job in workflow["jobs"].values() if "steps" in job]
    return list(job["steps"])


def _dev_commands(workflow: dict[Any, Any]) -> list[list[str]]:
    lines = [line for s in _steps(workflow) for line in str(s.get("run", "")).splitlines()]
    return [shlex.split(line)[2:] for line in lines if line.strip().startswith("python3 dev.py")]


def _run_dev(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Run dev.py's main() on a workflow's arguments; return the editions it would build."""
    dev = load_dev()
    built: list[str] = []
    monkeypatch.setattr(dev, "setup", lambda kind="book": Path("python"))
    monkeypatch.setattr(dev, "build", lambda python, edition="student": built.append(edition))

    def no_serve(port: int) -> None:
        raise AssertionError("a workflow must not serve the book")

    monkeypatch.setattr(dev, "serve", no_serve)
    monkeypatch.delenv("TEACHKIT_EDITION", raising=False)
    assert dev.main(argv) == 0
    return built


@pytest.mark.parametrize(
    ("name", "edition"),
    [("deploy-student.yml", "student"), ("deploy-instructor.yml", "instructor")],
)
def test_each_workflow_builds_its_edition_with_dev_py(
    name: str, edition: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    workflow = _workflow(name)
    commands = _dev_commands(workflow)
    # the student site also carries its PDFs: dev.py pdf prints that same edition afterwards
    assert commands[1:] == ([["pdf"]] if edition == "student" else []), commands
    assert _run_dev(commands[0], monkeypatch) == [edition]
    uses = [s.get("uses", "") for s in _steps(workflow)]
    assert uses[:2] == ["actions/checkout@v6", "actions/setup-python@v6"]
    assert _steps(workflow)[1]["with"]["python-version"] == "3.11"


def test_the_student_workflow_publishes_the_built_site_to_gh_pages() -> None:
    workflow = _workflow("deploy-student.yml")
    assert workflow["on"]["push"] == {"branches": ["main"]}
    assert "workflow_dispatch" in workflow["on"]
    assert workflow["permissions"] == {"contents": "write"}
    built = load_dev().BUILD_HTML.relative_to(ROOT).as_posix()
    publish = str(_steps(workflow)[-1]["run"]).splitlines()
    assert publish[0] == f"cd {built}"  # the folder dev.py builds
    assert "touch .nojekyll" in publish  # or Pages' Jekyll hides _static and _sources
    push = shlex.split(publish[-1])
    assert push[:2] == ["git", "push"]
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    launch = config["sphinx"]["config"]["teachkit_launch"]
    assert push[-1] == launch["notebooks_branch"] == "gh-pages"  # where Colab looks
    assert config["repository"]["branch"] == "main" == workflow["on"]["push"]["branches"][0]
    assert config["repository"]["url"] == ""  # it comes from GITHUB_REPOSITORY


def test_the_student_edition_is_published_only_after_every_test_passes() -> None:
    deploy = _workflow("deploy-student.yml")
    assert deploy["jobs"]["test"] == {"uses": "./.github/workflows/tests.yml"}
    assert deploy["jobs"]["deploy"]["needs"] == "test"
    tests = _workflow("tests.yml")
    assert "workflow_call" in tests["on"]
    assert "pull_request" in tests["on"]
    assert tests["on"]["push"] == {"branches-ignore": ["main"]}  # main: via the deploy
    assert tests["permissions"] == {"contents": "read"}
    runs = [str(step.get("run", "")) for step in _steps(tests)]
    assert runs[-1] == "python3 dev.py test"  # the README's test command, every test
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python3 dev.py test" in readme
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.rstrip().endswith("exec python3 dev.py test")


def test_the_instructor_workflow_never_publishes_solutions() -> None:
    workflow = _workflow("deploy-instructor.yml")
    assert list(workflow["on"]) == ["workflow_dispatch"]  # only by hand
    assert workflow["permissions"] == {"contents": "read"}  # it cannot push anything
    (job,) = workflow["jobs"].values()
    assert job["if"] == "github.event.repository.private"  # never in a public repository
    text = (ROOT / ".github" / "workflows" / "deploy-instructor.yml").read_text()
    code = "\n".join(line.split("#")[0] for line in text.splitlines())
    assert not [w for w in ("gh-pages", "deploy-pages", "git push", "pages:") if w in code]
    upload = _steps(workflow)[-1]
    assert upload["uses"] == "actions/upload-artifact@v7"
    assert upload["with"]["path"] == load_dev().BUILD_HTML.relative_to(ROOT).as_posix()


# -- chapters run outside the repository --------------------------------------------------


def _code_cells(chapter: Path) -> list[str]:
    import jupytext

    notebook = jupytext.read(chapter)
    return [c.source for c in notebook.cells if c.cell_type == "code"]


def test_no_chapter_reads_a_file_outside_its_folder_without_a_fallback() -> None:
    """A downloaded notebook runs anywhere: a chapter's code opens no ``../`` path bare."""
    for chapter in sorted((ROOT / "chapters").glob("*.md")):
        for source in _code_cells(chapter):
            if '"../' in source or "'../" in source:
                assert ".is_file()" in source or ".exists()" in source, (chapter.name, source)


def test_about_this_book_runs_outside_the_repository(tmp_path: Path) -> None:
    import jupytext
    from nbclient import NotebookClient

    notebook = jupytext.read(ROOT / "chapters" / "about_this_book.md")
    NotebookClient(notebook, timeout=120, resources={"metadata": {"path": str(tmp_path)}}).execute()
    text = json.dumps([c.get("outputs", []) for c in notebook.cells])
    assert "benchmarks/results.json" in text  # it says where the results are
    assert "Traceback" not in text


# -- the student notebook's Markdown ------------------------------------------------------


def test_myst_becomes_markdown_jupyter_shows() -> None:
    source = (
        "(target)=\n# Title\n\nSee {doc}`the chapter <other>`, {term}`trust\nof a kind` and "
        "{cite:p}`wheeler2018`.\n\n```{teachkit-quiz} quizzes/x.yml\n```\n\n"
        ":::{exercise}\n:label: ex-1\n\nDo it.\n:::\n\n```python\nx = 1\n```"
    )
    text = readable_markdown(source, page_url="https://o.github.io/r/chapters/x.html")
    assert text == (
        "# Title\n\nSee the chapter, trust of a kind and [wheeler2018].\n\n"
        "**Check yourself.** This chapter's self-check quiz is on its page in the book "
        "(https://o.github.io/r/chapters/x.html).\n\n**Exercise.**\n\nDo it.\n\n"
        "```python\nx = 1\n```"
    )


def test_a_quiz_without_a_known_page_still_says_where_it_is() -> None:
    text = readable_markdown("```{teachkit-quiz} quizzes/x.yml\n```")
    assert text == "**Check yourself.** This chapter's self-check quiz is on its page in the book."


def test_nested_directives_close_in_order() -> None:
    source = "::::{admonition} Careful\n:class: tip\n\nA\n:::{note}\nB\n:::\nC\n::::\nD"
    assert readable_markdown(source) == "**Admonition.** Careful\n\nA\n**Note.**\nB\nC\nD"


def test_the_page_url_prefers_the_books_base_url() -> None:
    repo = Repository("My-Org", "book")
    assert page_url("", repo, "chapters/x") == "https://my-org.github.io/book/chapters/x.html"
    assert page_url("https://b.example/", repo, "c/x") == "https://b.example/c/x.html"
    assert page_url(" ", None, "c/x") is None
