"""Chapters as a student meets them: a real JupyterLab, driven by the tests' Chromium.

One JupyterLab server (pinned in requirements.txt) serves a temporary folder holding a
real chapter (opened as a notebook through jupytext, set up the way ``binder/postBuild``
sets up Binder) and the notebook the student edition of a fixture book offers as its
download (``_sources/chapters/fixture.ipynb``: what the Binder, JupyterHub and Colab
buttons open). Every request the browser makes to another host is blocked and recorded:
none may be made. The tests wait on conditions (the app's own promises and the page's
state), never for a fixed time.
"""

from __future__ import annotations

import json
import os
import secrets
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from bookhelpers import LAUNCH_ENV, ROOT, BookBuild, build_book, fixture_book, serve_directory

from teachkit.book.chart_pictures import SVG_MIME
from teachkit.charts.renderer import VEGA_MIME

pytestmark = [pytest.mark.browser, pytest.mark.build]

CHAPTER = "chapters/bonding_trust_stages.md"  # an explorer (sliders, menus) and recode_case
NB7_CHAPTER = "notebook7/bonding_trust_stages.md"  # a copy, for Notebook 7's own kernel
DOWNLOAD = "download.ipynb"
LEAK = "tkleakprose7q"  # in the fixture's solution only
KEPT = "tkexercisekept7q"  # in the fixture's exercise
TIMEOUT_MS = 120_000


@dataclass
class Lab:
    """A running JupyterLab server over ``root``."""

    url: str
    token: str
    root: Path
    originals: dict[str, bytes] = field(default_factory=dict)


@pytest.fixture(scope="module")
def student_book(tmp_path_factory: pytest.TempPathFactory) -> BookBuild:
    """The student edition of a one-chapter fixture book, built as if published."""
    work = tmp_path_factory.mktemp("student-book")
    build = build_book(fixture_book(work, "chapter_live.md"), work / "out", env=LAUNCH_ENV)
    assert build.returncode == 0, build.output[-4000:]
    return build


@pytest.fixture(scope="module")
def lab_root(tmp_path_factory: pytest.TempPathFactory, student_book: BookBuild) -> Path:
    root = tmp_path_factory.mktemp("lab-root")
    (root / "chapters").mkdir()
    shutil.copy(ROOT / CHAPTER, root / CHAPTER)
    (root / NB7_CHAPTER).parent.mkdir()
    shutil.copy(ROOT / CHAPTER, root / NB7_CHAPTER)
    shutil.copytree(ROOT / "chapters" / "quizzes", root / "chapters" / "quizzes")
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")  # [tool.jupytext]
    shutil.copy(student_book.html / "_sources" / "chapters" / "fixture.ipynb", root / DOWNLOAD)
    return root


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _binder_setup(env: dict[str, str]) -> None:
    """Run the Jupyter configuration commands of binder/postBuild, as Binder does."""
    text = (ROOT / "binder" / "postBuild").read_text(encoding="utf-8")
    bindir = Path(sys.executable).parent
    for line in text.splitlines():
        words = shlex.split(line) if line and not line.startswith("#") else []
        if words and words[0].startswith(("jupytext-config", "jupyter")):
            subprocess.run([str(bindir / words[0]), *words[1:]], check=True, env=env)


def _wait_for_server(url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 180  # a start-up limit, not a timing assertion
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"JupyterLab exited ({proc.returncode}):\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            pass
        time.sleep(0.2)  # polling the condition
    pytest.fail(f"JupyterLab did not answer at {url}:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def lab(lab_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    home = tmp_path_factory.mktemp("jupyter-home")
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_DATA_DIR": str(home / "data"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
    }
    env.pop("TEACHKIT_STATIC_BUILD", None)
    _binder_setup(env)
    port, token = _free_port(), secrets.token_hex(16)
    log = home / "lab.log"
    cmd = [
        str(Path(sys.executable).parent / "jupyter-lab"),
        "--no-browser",
        "--allow-root",  # CI runs as root
        "--LabApp.extension_manager=readonly",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={lab_root}",
        f"--IdentityProvider.token={token}",
        "--LabApp.expose_app_in_browser=True",
        "--JupyterNotebookApp.expose_app_in_browser=True",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.news_url=",
    ]
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=lab_root)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_server(f"{url}/api/status?token={token}", proc, log)
        originals = {
            p.relative_to(lab_root).as_posix(): p.read_bytes() for p in lab_root.rglob("*.*")
        }
        yield Lab(url, token, lab_root, originals)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


@dataclass
class Session:
    """A browser page on JupyterLab, and the requests it tried to send elsewhere."""

    page: Any
    external: list[str]
    errors: list[str]


def _open(browser: Any, lab: Lab, path: str, *, ui: str = "lab") -> Iterator[Session]:
    """Open ``path`` in JupyterLab (``ui="lab"``) or Notebook 7 (``ui="notebooks"``)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    external: list[str] = []

    def route(request_route: Any) -> None:
        host = urlsplit(request_route.request.url).hostname
        if request_route.request.url.startswith(("data:", "blob:")) or host in (
            "127.0.0.1",
            "localhost",
        ):
            request_route.continue_()
        else:
            external.append(request_route.request.url)
            request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(f"{err} {err.stack}"))
    where = f"lab/tree/{path}?token={lab.token}&reset" if ui == "lab" else f"notebooks/{path}"
    page.goto(f"{lab.url}/{where}" + ("" if ui == "lab" else f"?token={lab.token}"))
    page.wait_for_function(
        "path => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;"
        " return !!(w && w.context && w.context.path === path && w.content"
        " && w.content.widgets && w.content.widgets.length); }",
        arg=path,
    )
    try:
        yield Session(page, external, errors)
    finally:
        context.close()


def _wait_for_kernel(page: Any) -> None:
    """Until the kernel runs and Lab has written what it learnt from it into the model."""
    page.evaluate(
        "async () => { const w = window.jupyterapp.shell.currentWidget;"
        " await w.context.ready; await w.sessionContext.ready; }"
    )
    page.wait_for_function(
        "() => { const w = window.jupyterapp.shell.currentWidget;"
        " const k = w.sessionContext.session && w.sessionContext.session.kernel;"
        " const info = w.model.getMetadata('language_info');"
        " return k && k.status === 'idle' && info && info.name === 'python'; }"
    )


def _run_all(page: Any) -> None:
    page.evaluate(
        "async () => { await window.jupyterapp.commands.execute('notebook:run-all-cells'); }"
    )
    page.wait_for_function(
        "() => { const w = window.jupyterapp.shell.currentWidget;"
        " const k = w.sessionContext.session.kernel;"
        " return k.status === 'idle' && w.content.widgets.every("
        "  c => c.model.type !== 'code' || c.model.executionCount !== null); }"
    )


def _state(page: Any) -> dict[str, Any]:
    """Where the notebook is: its active cell, scroll position and hidden cells."""
    return dict(
        page.evaluate(
            "() => { const w = window.jupyterapp.shell.currentWidget;"
            " const n = w.content; const hidden = n.widgets.filter(c => c.isHidden).length;"
            " return {active: n.activeCellIndex, hidden: hidden,"
            "  scroll: n.node.scrollTop}; }"
        )
    )


def _press_and_wait_for_change(page: Any, control: Any, key: str, watched: Any) -> None:
    """Focus ``control``, press ``key`` and wait until ``watched``'s markup changes."""
    control.focus()
    before_state = _state(page)
    handle = watched.element_handle()
    page.evaluate("el => { window.teachkitBefore = el.innerHTML; }", handle)
    page.keyboard.press(key)
    page.wait_for_function("el => el.innerHTML !== window.teachkitBefore", arg=handle)
    after_state = _state(page)
    assert after_state == before_state, (key, before_state, after_state)  # the notebook stayed
    assert control.evaluate("el => el === document.activeElement")  # and the focus too


@pytest.fixture(scope="module")
def chapter(browser: Any, lab: Lab) -> Iterator[Session]:
    yield from _open(browser, lab, CHAPTER)


def test_opening_a_chapter_leaves_its_file_as_it_was(chapter: Session, lab: Lab) -> None:
    page = chapter.page
    _wait_for_kernel(page)
    # Lab records what it learnt from the kernel (language_info) in the model, so the model
    # is "dirty"; what matters is the file: saving it (as autosave does) changes nothing,
    # even with every heading collapsed.
    page.evaluate(
        "async () => { const c = window.jupyterapp.commands;"
        " await c.execute('notebook:collapse-all-headings');"
        " await c.execute('docmanager:save'); }"
    )
    assert (
        page.evaluate(
            "() => window.jupyterapp.shell.currentWidget.content.widgets"
            ".filter(c => c.isHidden).length"
        )
        > 0
    )  # the headings did collapse
    assert (lab.root / CHAPTER).read_bytes() == lab.originals[CHAPTER]
    page.evaluate(
        "async () => { await window.jupyterapp.commands.execute('notebook:expand-all-headings'); }"
    )


def test_a_chapter_runs_and_its_charts_draw_with_no_third_party_request(
    chapter: Session,
) -> None:
    page = chapter.page
    _wait_for_kernel(page)
    _run_all(page)
    page.locator(".jp-RenderedVega5 svg").first.wait_for()
    assert page.locator(".jp-RenderedVega5 .vega-bindings input[type=range]").count() >= 1
    assert (
        page.locator(".jp-OutputArea-output [data-mime-type='text/html'] .vega-embed").count() == 0
    )
    errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    assert errors.count() == 0, errors.all_inner_texts()
    assert chapter.external == []
    assert chapter.errors == []


def _check_chart_keys(session: Session) -> None:
    page = session.page
    chart = page.locator(".jp-RenderedVega5").first
    chart.locator("svg").first.wait_for()
    slider = chart.locator(".vega-bindings input[type=range]").first
    value = slider.input_value()
    key = "ArrowLeft" if float(value) > float(slider.get_attribute("min") or 0) else "ArrowRight"
    _press_and_wait_for_change(page, slider, key, chart.locator("svg").first)
    assert slider.input_value() != value
    menu = chart.locator(".vega-bindings select[name='chosen_case']")  # a menu that redraws
    choice = menu.input_value()
    _press_and_wait_for_change(page, menu, "ArrowDown", chart.locator("svg").first)
    assert menu.input_value() != choice
    assert session.external == []


def _check_recode_case(session: Session) -> None:
    page = session.page
    box = page.locator(".jp-OutputArea-output .widget-vbox").filter(has_text="Recode a case")
    box.first.wait_for()
    box = box.first
    readout = box.locator(".widget-readout").first
    before = readout.inner_text()
    handle = box.locator(".widget-hslider .noUi-handle").first
    key = "ArrowLeft" if before != "0" else "ArrowRight"
    _press_and_wait_for_change(page, handle, key, readout)
    assert readout.inner_text() != before
    menu = box.locator(".widget-dropdown select").first
    choice = menu.input_value()
    verdict = box.locator(".widget-html").last
    _press_and_wait_for_change(page, menu, "ArrowDown", box)
    assert menu.input_value() != choice
    assert any(s in verdict.inner_text() for s in ("Your coding gives", "Not a valid coding"))
    clipped = box.locator(".widget-label, button").evaluate_all(
        "labels => labels.filter(l => l.scrollWidth > l.clientWidth + 1).map(l => l.textContent)"
    )
    assert clipped == []
    tracks = box.locator(".widget-hslider .noUi-target").evaluate_all(
        "tracks => tracks.map(t => Math.round(t.getBoundingClientRect().width))"
    )
    assert len(tracks) == 4
    assert len(set(tracks)) == 1, tracks  # the four sliders' tracks line up


def test_arrow_keys_move_a_charts_slider_and_menu_not_the_notebook(chapter: Session) -> None:
    _check_chart_keys(chapter)


def test_recode_case_works_from_the_keyboard_and_shows_whole_labels(chapter: Session) -> None:
    _check_recode_case(chapter)


def test_in_notebook_7_charts_and_recode_case_work_from_the_keyboard(
    browser: Any, lab: Lab
) -> None:
    for session in _open(browser, lab, NB7_CHAPTER, ui="notebooks"):
        _wait_for_kernel(session.page)
        # Notebook 7.6.5 itself may log an error while it starts (a plugin's settings or
        # a command it lacks); what the chapter's code and outputs do comes after.
        started = len(session.errors)
        _run_all(session.page)
        _check_chart_keys(session)
        _check_recode_case(session)
        assert session.errors[started:] == []


# Which of a stored chart output's mimetypes the notebook's own renderer registry picks,
# for an untrusted notebook ("ensure": safe renderers only, as a fresh download opens) and a
# trusted one ("any"), and the ranks that decide it.
_LAB_CHOICE = """bundles => {
    const rm = window.jupyterapp.shell.currentWidget.content.rendermime;
    const pick = safe => bundles.map(
        b => rm.preferredMimeType(Object.fromEntries(b.map(m => [m, {}])), safe));
    const ranks = {};
    for (const m of ['application/vnd.vega.v5+json', 'image/svg+xml', 'image/png']) {
        ranks[m] = rm.getRank(m);
    }
    return {ranks: ranks, untrusted: pick('ensure'), trusted: pick('any')};
}"""


def _check_stored_charts_draw_live(session: Session, lab: Lab) -> None:
    """Every stored chart draws as live Vega with its sliders, never as its still picture."""
    notebook = json.loads((lab.root / DOWNLOAD).read_text(encoding="utf-8"))
    bundles = [
        sorted(output["data"])
        for cell in notebook["cells"]
        for output in cell.get("outputs", [])
        if VEGA_MIME in output.get("data", {})
    ]
    assert bundles
    assert all(SVG_MIME in bundle for bundle in bundles)  # the picture Lab must pass over
    page = session.page
    page.locator(".jp-RenderedVega5 svg").first.wait_for()  # before anything runs
    choice = page.evaluate(_LAB_CHOICE, bundles)
    assert choice["ranks"] == {VEGA_MIME: 57, SVG_MIME: 80, "image/png": 90}
    assert choice["untrusted"] == choice["trusted"] == [VEGA_MIME] * len(bundles)
    assert page.locator(".jp-RenderedVega5").count() == len(bundles)
    assert page.locator(".jp-RenderedSVG, .jp-RenderedImage").count() == 0
    assert page.locator(".jp-RenderedVega5 .vega-bindings input[type=range]").count() >= 1


def test_a_downloaded_notebook_draws_its_stored_charts_without_solutions(
    browser: Any, lab: Lab
) -> None:
    for session in _open(browser, lab, DOWNLOAD):
        page = session.page
        _check_stored_charts_draw_live(session, lab)
        text = page.locator(".jp-Notebook").inner_text()
        assert KEPT in text
        assert LEAK not in text
        assert ":::{" not in text  # the exercise reads as Markdown, not MyST
        assert session.external == []
        assert (lab.root / DOWNLOAD).read_bytes() == lab.originals[DOWNLOAD]


def test_in_notebook_7_a_downloaded_notebook_draws_its_stored_charts_live(
    browser: Any, lab: Lab
) -> None:
    for session in _open(browser, lab, DOWNLOAD, ui="notebooks"):
        _check_stored_charts_draw_live(session, lab)
        assert session.external == []


def test_the_static_page_of_the_same_chapter_still_draws_its_chart(
    browser: Any, student_book: BookBuild
) -> None:
    """The live Vega copy in every output leaves the book's own drawing as it was."""
    from test_browser import visit

    with serve_directory(student_book.html) as site:
        report = visit(browser, f"{site}/chapters/fixture.html")
    assert report.charts == report.drawn_charts == 1
    assert report.sliders
    assert all(changed for _, changed in report.sliders)
    assert report.external_requests == []
    assert report.console_errors == []
    page = (student_book.html / "chapters" / "fixture.html").read_text(encoding="utf-8")
    assert "vnd.vega.v5" not in page


# Every text of every chart against the chart's own background: WCAG's contrast ratio.
_TEXT_CONTRAST = """() => {
    const rgba = c => (c.match(/[\\d.]+/g) || []).map(Number);
    const lum = c => {
        const f = v => {
            v /= 255;
            return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
        };
        return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
    };
    const ratio = (a, b) => {
        const [hi, lo] = [lum(a), lum(b)].sort((p, q) => q - p);
        return (hi + 0.05) / (lo + 0.05);
    };
    const found = [];
    for (const svg of document.querySelectorAll('.jp-RenderedVega5 svg')) {
        const bg = rgba(getComputedStyle(svg).backgroundColor);
        for (const text of svg.querySelectorAll('text')) {
            const fill = rgba(getComputedStyle(text).fill);
            if (!text.textContent.trim() || fill.length < 3) { continue; }
            const opaque = bg.length === 3 || bg[3] === 1;
            found.push([text.textContent.slice(0, 40), opaque ? ratio(fill, bg) : 0]);
        }
    }
    return found;
}"""


def _change_theme(page: Any, theme: str, light: bool) -> None:
    page.evaluate(
        "async theme => { await window.jupyterapp.commands.execute("
        "'apputils:change-theme', {theme: theme}); }",
        theme,
    )
    page.wait_for_function(
        "light => document.body.dataset.jpThemeLight === String(light)", arg=light
    )


def test_in_jupyterlab_dark_mode_every_chart_text_stays_readable(browser: Any, lab: Lab) -> None:
    """Lab draws Vega with a dark theme (white text) in its dark mode; the charts keep their
    white background, so their text must keep its own colours (4.5:1 at least)."""
    for session in _open(browser, lab, DOWNLOAD):
        page = session.page
        try:
            _change_theme(page, "JupyterLab Dark", light=False)
            page.reload()  # the charts drawn again, in the dark mode
            page.wait_for_function("() => document.body.dataset.jpThemeLight === 'false'")
            page.locator(".jp-RenderedVega5 svg").first.wait_for()
            page.wait_for_function(
                "n => document.querySelectorAll('.jp-RenderedVega5 svg').length >= n",
                arg=page.locator(".jp-RenderedVega5").count(),
            )
            texts = page.evaluate(_TEXT_CONTRAST)
            assert len(texts) > 10
            faint = [(text, round(r, 2)) for text, r in texts if r < 4.5]
            assert faint == []
        finally:
            _change_theme(page, "JupyterLab Light", light=True)
