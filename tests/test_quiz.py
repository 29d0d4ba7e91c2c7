"""Self-check quizzes: the quiz file schema, the HTML, the strict build and the page.

The unit tests check :func:`teachkit.book.quiz.load_quiz` (every kind of bad input gets an
error naming the file, question, choice, field and the valid options) and the HTML
(labels tied to inputs, unique ids, escaped text). A one-chapter fixture book with two
quizzes builds strictly and one with a broken quiz fails. In Chromium, using only the
keyboard, a reader picks a wrong answer, then the right one, and reads why; the page
loads nothing from elsewhere, logs no error, and axe finds no serious violation.
Every real quiz file (``chapters/quizzes/*.yml``) is checked too.
"""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
import yaml
from bookhelpers import (
    FIXTURES,
    ROOT,
    BookBuild,
    assert_strict,
    axe_violations,
    build_book,
    fixture_book,
    serve_directory,
)
from bs4 import BeautifulSoup, Tag

from teachkit.book.quiz import LENSES, QuizError, load_quiz, parse_quiz, quiz_html

QUIZ_FIXTURES = FIXTURES / "quizzes"
REAL_QUIZZES = sorted((ROOT / "chapters" / "quizzes").glob("*.yml"))
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def good_data() -> dict[str, Any]:
    """The parsed fixture quiz good.yml: recall, theory and data questions."""
    data = yaml.safe_load((QUIZ_FIXTURES / "good.yml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def problems_of(data: Any) -> str:
    with pytest.raises(QuizError) as caught:
        parse_quiz(data, source="chapters/quizzes/x.yml")
    return str(caught.value)


# -- loading and checking ------------------------------------------------------------


def test_the_good_fixture_loads() -> None:
    quiz = load_quiz(QUIZ_FIXTURES / "good.yml", name="good.yml")
    assert quiz.source == "good.yml"
    assert [q.kind for q in quiz.questions] == ["recall", "theory", "data"]
    assert [c.correct for c in quiz.questions[0].choices] == [False, True, False]
    assert quiz.questions[0].choices[1].why.startswith("Right-why")


def _set(path: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        target: Any = data
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value

    return change


def _delete(path: tuple[Any, ...]) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        target: Any = data
        for step in path[:-1]:
            target = target[step]
        del target[path[-1]]

    return change


Q = "questions"
C = "choices"
BAD_INPUTS: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "misspelt choice key": (
        _set((Q, 1, C, 1, "corect"), True),
        "chapters/quizzes/x.yml, question 2, choice 2: unknown key 'corect'; "
        "valid keys: text, correct, why",
    ),
    "unknown top-level key": (
        _set(("title",), "Quiz"),
        "chapters/quizzes/x.yml: unknown key 'title'; valid keys: questions",
    ),
    "unknown question key": (
        _set((Q, 0, "hint"), "h"),
        "question 1: unknown key 'hint'; valid keys: kind, prompt, choices",
    ),
    "missing why": (
        _delete((Q, 2, C, 0, "why")),
        "question 3, choice 1: missing key 'why'; required keys: text, why",
    ),
    "missing prompt": (
        _delete((Q, 0, "prompt")),
        "question 1: missing key 'prompt'; required keys: kind, prompt, choices",
    ),
    "empty why": (
        _set((Q, 0, C, 2, "why"), "  "),
        "question 1, choice 3: 'why' is empty; say why this answer is right or wrong",
    ),
    "unknown kind": (
        _set((Q, 2, "kind"), "trivia"),
        "question 3: kind 'trivia' is not a kind of question; valid: recall, theory, data",
    ),
    "no questions": (_set((Q,), []), "'questions' has 0 questions; give 1 to 8"),
    "nine questions": (
        lambda d: d.__setitem__(Q, [copy.deepcopy(d[Q][0]) for _ in range(9)]),
        "'questions' has 9 questions; give 1 to 8",
    ),
    "questions not a list": (
        _set((Q,), {"kind": "recall"}),
        "'questions' must be a list of 1 to 8 questions, not dict",
    ),
    "one choice": (
        lambda d: d[Q][1].__setitem__(C, d[Q][1][C][:1]),
        "question 2: 'choices' has 1 choices; give 2 to 5",
    ),
    "six choices": (
        lambda d: d[Q][2][C].extend({"text": f"Extra {i}", "why": "No."} for i in range(4)),
        "question 3: 'choices' has 6 choices; give 2 to 5",
    ),
    "no correct choice": (
        _delete((Q, 0, C, 1, "correct")),
        "question 1: no choice is marked 'correct: true'; mark exactly one",
    ),
    "two correct choices": (
        _set((Q, 0, C, 2, "correct"), True),
        "question 1: choices 2, 3 are marked 'correct: true'; mark exactly one",
    ),
    "correct not a boolean": (
        _set((Q, 0, C, 0, "correct"), "no"),
        "question 1, choice 1: 'correct' must be true or false, not str 'no'",
    ),
    "text not a string": (
        _set((Q, 2, C, 0, "text"), 1962),
        "question 3, choice 1: 'text' must be text (a string), not int 1962; put it in quotes",
    ),
    "theory why without a lens": (
        _set((Q, 1, C, 1, "why"), "Because the fixture says so."),
        "question 2, choice 2: 'why' names none of the rival lenses, as every answer to a "
        "theory question must; name at least one of: Wheeler, Brands, Kydd, Jervis, Holsti, "
        "Axelrod",
    ),
    "a lens in lower case is not a lens": (
        _set((Q, 1, C, 1, "why"), "The brands of trust differ."),
        "question 2, choice 2: 'why' names none of the rival lenses",
    ),
    "MyST role": (
        _set((Q, 0, "prompt"), "What is {term}`bonding trust`?"),
        "question 1: 'prompt' uses the MyST role {term}`...; quizzes take plain inline Markdown",
    ),
    "repeated choice text": (
        _set((Q, 0, C, 2, "text"), "The first answer"),
        "question 1, choice 3: same text as choice 1",
    ),
    "a choice that is not a mapping": (
        _set((Q, 2, C, 0), "Two"),
        "question 3, choice 1: expected a mapping with keys text, correct, why, not str 'Two'",
    ),
    "no questions key": (
        lambda d: d.clear(),
        "chapters/quizzes/x.yml: missing key 'questions'; required keys: questions",
    ),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_gets_a_clear_error(case: str) -> None:
    change, expected = BAD_INPUTS[case]
    data = good_data()
    change(data)
    message = problems_of(data)
    assert expected in message
    assert message.startswith("chapters/quizzes/x.yml")


def test_the_good_data_passes_so_the_bad_cases_test_one_thing_each() -> None:
    assert len(parse_quiz(good_data(), source="x.yml").questions) == 3


def test_a_file_that_is_a_list_is_rejected() -> None:
    assert "chapters/quizzes/x.yml: expected a mapping with keys questions, not list" in (
        problems_of([{"kind": "recall"}])
    )


def test_every_lens_counts_for_theory_questions() -> None:
    for lens in LENSES:
        data = good_data()
        for choice in data[Q][1][C]:
            choice["why"] = f"On {lens}'s reading, this holds."
        assert parse_quiz(data, source="x.yml").questions[1].kind == "theory"


def test_every_problem_is_reported_at_once() -> None:
    data = good_data()
    data[Q][0][C][0]["colour"] = "red"
    data[Q][2]["kind"] = "quiz"
    message = problems_of(data)
    assert "question 1, choice 1: unknown key 'colour'" in message
    assert "question 3: kind 'quiz'" in message


def test_a_missing_file_names_itself(tmp_path: Path) -> None:
    with pytest.raises(QuizError, match=r"^quizzes/nothing\.yml: cannot read the quiz file"):
        load_quiz(tmp_path / "nothing.yml", name="quizzes/nothing.yml")


def test_invalid_yaml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.yml"
    path.write_text("questions:\n  - kind: recall\n   prompt: [unclosed\n", encoding="utf-8")
    with pytest.raises(QuizError, match=r"^broken\.yml: not valid YAML"):
        load_quiz(path, name="broken.yml")


def test_a_key_written_twice_is_an_error_not_silently_dropped(tmp_path: Path) -> None:
    text = (QUIZ_FIXTURES / "good.yml").read_text(encoding="utf-8")
    path = tmp_path / "twice.yml"
    path.write_text(text.replace("correct: true\n", "correct: true\n        correct: false\n", 1))
    with pytest.raises(QuizError, match=r"twice\.yml: not valid YAML.*'correct' appears twice"):
        load_quiz(path, name="twice.yml")


# -- HTML ------------------------------------------------------------------------------


def one(node: Tag, selector: str) -> Tag:
    """The one element the CSS selector finds inside ``node``."""
    found = node.select_one(selector)
    assert found is not None, selector
    return found


def page_of(*prefixes: str, data: dict[str, Any] | None = None) -> BeautifulSoup:
    quiz = parse_quiz(data or good_data(), source="x.yml")
    return BeautifulSoup("".join(quiz_html(quiz, prefix=p) for p in prefixes), "html.parser")


def test_every_radio_has_its_own_label_and_explanation() -> None:
    soup = page_of("tkq-a-1")
    radios = soup.select("input[type=radio]")
    assert len(radios) == 7
    for radio in radios:
        labels = soup.find_all("label", attrs={"for": radio["id"]})
        assert len(labels) == 1, radio["id"]
        assert labels[0].get_text(strip=True)
        assert soup.find(id=f"{radio['id']}-why") is not None  # what the script shows
    assert {label["for"] for label in soup.find_all("label")} == {r["id"] for r in radios}


def test_ids_are_unique_with_two_quizzes_on_a_page() -> None:
    soup = page_of("tkq-doc-1", "tkq-doc-2")
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert len(ids) == 2 * (1 + 7 + 7)  # each quiz: its container, radios, explanations
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    names = Counter(r["name"] for r in soup.select("input[type=radio]"))
    assert len(names) == 6  # one radio group per question, 3 questions in each quiz


def test_each_question_is_a_fieldset_with_a_legend_a_button_and_a_live_region() -> None:
    soup = page_of("tkq-a-1")
    fieldsets = soup.find_all("fieldset")
    assert len(fieldsets) == 3
    for number, fieldset in enumerate(fieldsets, 1):
        assert one(fieldset, "legend").get_text().startswith(f"Question {number}: ")
        button = one(fieldset, "button")
        assert button["type"] == "button"
        assert button.get_text() == "Check answer"
        feedback = one(fieldset, ".teachkit-quiz-feedback")
        assert feedback["role"] == "status"
        assert feedback["aria-live"] == "polite"
        assert len({r["name"] for r in fieldset.select("input[type=radio]")}) == 1
    assert one(fieldsets[0], "legend em").get_text() == "right"  # inline Markdown is rendered


def test_the_answers_are_listed_for_readers_without_javascript() -> None:
    soup = page_of("tkq-a-1")
    details = one(soup, "details")
    assert one(details, "summary").get_text() == "All answers, with explanations"
    marked = [li.get_text(" ", strip=True) for li in details.find_all("li")]
    assert sum("Correct answer:" in item for item in marked) == 3  # one per question
    assert sum("Not correct:" in item for item in marked) == 4
    assert any(
        "Correct answer: The second answer" in item and "Right-why" in item for item in marked
    )


def test_text_is_escaped_and_nothing_is_fetched() -> None:
    data = good_data()
    data[Q][2]["prompt"] = "See ![a chart](https://cdn.example.org/x.png) <b>now</b>"
    soup = page_of("tkq-a-1", data=data)
    assert soup.find("script") is None
    assert soup.find("img") is None
    assert soup.find("b") is None
    label = one(soup, "label[for=tkq-a-1-q1-c3]")
    assert "<script>window.quizHacked = true</script>" in label.get_text()
    assert "<b>now</b>" in soup.find_all("legend")[2].get_text()


def test_links_with_scripts_are_not_made() -> None:
    data = good_data()
    data[Q][0][C][0]["why"] = "[click](javascript:alert(1)) or [read](https://example.org)"
    soup = page_of("tkq-a-1", data=data)
    hrefs = [a["href"] for a in soup.find_all("a")]
    assert hrefs == ["https://example.org"]


# -- the real quiz files ---------------------------------------------------------------


@pytest.mark.parametrize("path", REAL_QUIZZES, ids=[p.name for p in REAL_QUIZZES])
def test_every_real_quiz_file_is_valid(path: Path) -> None:
    load_quiz(path, name=path.relative_to(ROOT).as_posix())


def test_every_real_quiz_file_is_shown_by_a_chapter() -> None:
    used = {
        (chapter.parent / match).resolve()
        for chapter in (ROOT / "chapters").glob("*.md")
        for match in re.findall(
            r"^[`:~]{3,}\{teachkit-quiz\}\s+(\S+)", chapter.read_text(encoding="utf-8"), re.M
        )
    }
    assert [p.name for p in REAL_QUIZZES if p.resolve() not in used] == []


# -- the build -------------------------------------------------------------------------


def quiz_book(tmp_path: Path, chapter: str, quizzes: list[str]) -> Path:
    """A one-chapter fixture book with the given quiz files in chapters/quizzes/."""
    book = fixture_book(tmp_path, chapter)
    (book / "chapters" / "quizzes").mkdir()
    for name in quizzes:
        shutil.copy(QUIZ_FIXTURES / name, book / "chapters" / "quizzes" / name)
    return book


@pytest.fixture(scope="module")
def good_build(tmp_path_factory: pytest.TempPathFactory) -> BookBuild:
    tmp = tmp_path_factory.mktemp("quizbook")
    return build_book(quiz_book(tmp, "quiz_good.md", ["good.yml", "second.yml"]), tmp / "out")


@pytest.mark.build
def test_a_good_quiz_builds_strictly(good_build: BookBuild) -> None:
    assert_strict(good_build)
    assert (good_build.html / "_static" / "teachkit-quiz.js").is_file()
    assert (good_build.html / "_static" / "teachkit-quiz.css").is_file()


@pytest.mark.build
def test_the_page_has_both_quizzes_with_unique_ids(good_build: BookBuild) -> None:
    soup = BeautifulSoup((good_build.html / "chapters" / "fixture.html").read_text(), "html.parser")
    assert len(soup.select("div.teachkit-quiz")) == 2
    assert len(soup.select(".teachkit-quiz fieldset")) == 4
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    for radio in soup.select(".teachkit-quiz input[type=radio]"):
        assert len(soup.find_all("label", attrs={"for": radio["id"]})) == 1


@pytest.mark.build
def test_the_script_loads_deferred_and_only_on_pages_with_a_quiz(good_build: BookBuild) -> None:
    page = (good_build.html / "chapters" / "fixture.html").read_text(encoding="utf-8")
    scripts = re.findall(r"<script[^>]*teachkit-quiz\.js[^>]*>", page)
    assert len(scripts) == 1
    assert 'defer="defer"' in scripts[0]
    assert len(re.findall(r"<link[^>]*teachkit-quiz\.css", page)) == 1
    intro = (good_build.html / "intro.html").read_text(encoding="utf-8")
    assert "teachkit-quiz" not in intro


@pytest.mark.build
def test_a_bad_quiz_fails_the_build_naming_the_problem(tmp_path: Path) -> None:
    result = build_book(quiz_book(tmp_path, "quiz_bad.md", ["bad.yml"]), tmp_path / "out")
    assert result.returncode != 0
    assert (
        "chapters/quizzes/bad.yml, question 2, choice 3: unknown key 'corect'; "
        "valid keys: text, correct, why"
    ) in result.output
    assert "chapters/quizzes/missing.yml: cannot read the quiz file" in result.output
    assert "chapters/fixture" in result.output  # the chapter that uses it


@pytest.mark.build
def test_editing_a_quiz_file_rebuilds_its_page(tmp_path: Path) -> None:
    """A bare Sphinx project (fast): the quiz file is a dependency of the page."""
    src = tmp_path / "src"
    (src / "quizzes").mkdir(parents=True)
    (src / "conf.py").write_text(
        'extensions = ["myst_parser", "teachkit.book"]\nexclude_patterns = ["_build"]\n'
        f"teachkit_vendor_dir = {str(ROOT / 'vendor')!r}\n"
    )
    (src / "index.md").write_text("# Quiz\n\n```{teachkit-quiz} quizzes/q.yml\n```\n")
    quiz = (QUIZ_FIXTURES / "second.yml").read_text(encoding="utf-8")
    (src / "quizzes" / "q.yml").write_text(quiz, encoding="utf-8")

    def build() -> str:
        command = [sys.executable, "-m", "sphinx", "-b", "html", "-W", "-q", str(src), str(out)]
        run = subprocess.run(command, capture_output=True, text=True, check=False)
        assert run.returncode == 0, run.stdout + run.stderr
        return (out / "index.html").read_text(encoding="utf-8")

    out = tmp_path / "out"
    assert "Is this the second quiz on the page?" in build()
    edited = quiz.replace("the second quiz", "an edited quiz")
    (src / "quizzes" / "q.yml").write_text(edited, encoding="utf-8")
    assert "Is this an edited quiz on the page?" in build()


# -- the page in Chromium --------------------------------------------------------------


@pytest.fixture(scope="module")
def quiz_page_url(good_build: BookBuild) -> Iterator[str]:
    if good_build.returncode != 0:
        pytest.fail("the quiz fixture book did not build; see test_a_good_quiz_builds_strictly")
    with serve_directory(good_build.html) as base:
        yield f"{base}/chapters/fixture.html"


class Visit:
    """One page load, offline: what it asked for from elsewhere and the errors it logged."""

    def __init__(self, browser: Any, url: str, *, javascript: bool = True) -> None:
        self.external: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(java_script_enabled=javascript)
        self.context.route("**/*", self._guard)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        self.page.on(
            "response",
            lambda r: self.errors.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None,
        )
        self.page.goto(url, wait_until="load")

    def _guard(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(("data:", "blob:")) or urlparse(url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            self.external.append(url)
            route.abort()

    def focused_id(self) -> str:
        return str(self.page.evaluate("document.activeElement ? document.activeElement.id : ''"))

    def tab_to(self, element_id: str, limit: int = 400) -> None:
        """Press Tab until the element with this id has the focus."""
        for _ in range(limit):
            self.page.keyboard.press("Tab")
            if self.focused_id() == element_id:
                return
        pytest.fail(f"Tab never reached #{element_id}")

    def feedback(self, question_id: str) -> str:
        selector = f"fieldset:has(#{question_id}-c1) .teachkit-quiz-feedback"
        return str(self.page.locator(selector).inner_text())


def first_quiz_question(visit: Visit) -> str:
    """The id of the first quiz's first question, e.g. tkq-chapters-fixture-1-q1."""
    first = str(visit.page.locator(".teachkit-quiz input[type=radio]").first.get_attribute("id"))
    assert first.endswith("-q1-c1")
    return first.removesuffix("-c1")


@pytest.mark.browser
def test_keyboard_only_wrong_then_right_answer_explains_each(
    browser: Any, quiz_page_url: str
) -> None:
    visit = Visit(browser, quiz_page_url)
    q1 = first_quiz_question(visit)
    visit.tab_to(f"{q1}-c1")  # the radio group: nothing is chosen, so its first choice
    visit.page.keyboard.press("Space")  # choose "The first answer": wrong
    visit.page.keyboard.press("Tab")
    assert visit.page.evaluate("document.activeElement.textContent") == "Check answer"
    visit.page.keyboard.press("Enter")
    wrong = visit.feedback(q1)
    assert "Not quite." in wrong
    assert "\u2717" in wrong  # a mark as well as words, not colour alone
    assert "Wrong-why: the first answer is the fixture's decoy." in wrong
    assert "Correct." not in wrong

    visit.page.keyboard.press("Shift+Tab")  # back to the chosen radio
    assert visit.focused_id() == f"{q1}-c1"
    visit.page.keyboard.press("ArrowDown")  # choose "The second answer": right
    assert visit.page.is_checked(f"#{q1}-c2")
    assert visit.feedback(q1).strip() == ""  # the old verdict is cleared
    visit.page.keyboard.press("Tab")
    visit.page.keyboard.press("Space")
    right = visit.feedback(q1)
    assert "Correct." in right
    assert "\u2713" in right
    assert "Right-why: the fixture marks the second answer as correct." in right
    assert "Not quite" not in right
    assert visit.page.evaluate("window.quizHacked") is None  # the text's <script> never ran
    assert visit.external == []
    assert visit.errors == []
    visit.context.close()


@pytest.mark.browser
def test_checking_with_nothing_chosen_asks_for_an_answer(browser: Any, quiz_page_url: str) -> None:
    visit = Visit(browser, quiz_page_url)
    q1 = first_quiz_question(visit)
    visit.tab_to(f"{q1}-c1")
    visit.page.keyboard.press("Tab")
    visit.page.keyboard.press("Enter")
    assert visit.feedback(q1).strip() == "Choose an answer first."
    assert visit.errors == []
    visit.context.close()


@pytest.mark.browser
def test_no_serious_accessibility_violations_in_the_quiz(browser: Any, quiz_page_url: str) -> None:
    visit = Visit(browser, quiz_page_url)
    q1 = first_quiz_question(visit)
    visit.page.check(f"#{q1}-c3")  # show verdicts, so their colours are checked too
    visit.page.locator(f"fieldset:has(#{q1}-c1) button").click()
    visit.page.check(f"#{q1.replace('-q1', '-q2')}-c1")
    visit.page.locator(f"fieldset:has(#{q1.replace('-q1', '-q2')}-c1) button").click()
    visit.page.locator("details.teachkit-quiz-answers summary").first.click()
    assert axe_violations(visit.page, include=".teachkit-quiz") == []
    visit.context.close()


@pytest.mark.browser
def test_without_javascript_the_answers_are_still_there(browser: Any, quiz_page_url: str) -> None:
    visit = Visit(browser, quiz_page_url, javascript=False)
    assert visit.page.locator("button.teachkit-quiz-check").first.is_hidden()  # no dead button
    details = visit.page.locator("details.teachkit-quiz-answers").first
    details.locator("summary").click()
    assert "Correct answer: The second answer" in details.inner_text()
    visit.context.close()


def test_the_script_is_small_and_has_no_dependencies() -> None:
    script = (ROOT / "src" / "teachkit" / "book" / "static" / "teachkit-quiz.js").read_text()
    assert len(script.encode()) < 4000
    assert not re.search(r"\b(import|require|fetch|XMLHttpRequest)\b|https?://", script)
