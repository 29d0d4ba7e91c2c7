"""Self-check quizzes: the ``teachkit-quiz`` directive and the quiz file schema.

A chapter shows a quiz with a directive whose argument is a YAML file, relative
to the chapter's folder::

    ```{teachkit-quiz} quizzes/kennedy_khrushchev.yml
    ```

The file holds ``questions`` (1 to 8), each with a ``kind`` (:data:`KINDS`), a
``prompt`` and 2 to 5 ``choices``; each choice has ``text``, ``why`` and, for
exactly one of them, ``correct: true``. Text is inline Markdown (no raw HTML, no
images, no MyST roles). The ``why`` of every choice of a ``theory`` question
names at least one of the rival lenses (:data:`LENSES`). :func:`load_quiz`
checks all of this without Sphinx; in the book a broken quiz is a build error.

In HTML each question is a ``<fieldset>`` of labelled radio buttons with a
"Check answer" button and a live feedback line (``teachkit-quiz.js``, loaded only
on pages with a quiz); a closed ``<details>`` lists every answer with its
explanation for readers without JavaScript. The answers are in the student
edition by design: a self-check is not an exercise.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import yaml
from docutils import nodes
from sphinx.util.docutils import SphinxDirective

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from sphinx.application import Sphinx

#: The rival lenses, by author: a theory question's every ``why`` names one.
LENSES: Final = ("Wheeler", "Brands", "Kydd", "Jervis", "Holsti", "Axelrod")
KINDS: Final = ("recall", "theory", "data")
QUESTIONS_RANGE: Final = (1, 8)
CHOICES_RANGE: Final = (2, 5)
QUIZ_KEYS: Final = ("questions",)
QUESTION_KEYS: Final = ("kind", "prompt", "choices")
CHOICE_KEYS: Final = ("text", "correct", "why")
JS_FILE: Final = "teachkit-quiz.js"
CSS_FILE: Final = "teachkit-quiz.css"
_OUTPUT_CLASS: Final = "teachkit-quiz-output"
_LENS = re.compile(r"\b(?:{})\b".format("|".join(LENSES)))
_ROLE = re.compile(r"\{[A-Za-z][\w:+.-]*\}`")
_SYMBOLS: Final = {True: "\u2713", False: "\u2717"}  # check mark, ballot x


@dataclass(frozen=True)
class Choice:
    """One answer to a question: its text, whether it is right, and why."""

    text: str
    why: str
    correct: bool = False


@dataclass(frozen=True)
class Question:
    """One multiple-choice question; exactly one of its choices is correct."""

    kind: str
    prompt: str
    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class Quiz:
    """A checked quiz file: where it came from and its questions."""

    source: str
    questions: tuple[Question, ...]


class QuizError(ValueError):
    """A quiz file breaks the schema; ``problems`` lists each problem, one a line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


# -- reading and checking --------------------------------------------------------------


class _StrictLoader(yaml.SafeLoader):
    """YAML's safe loader, except that a key written twice in one mapping is an error."""

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key!r} appears twice in one mapping", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    shown = repr(value)
    return f"{type(value).__name__} {shown[:40]}{'...' if len(shown) > 40 else ''}"


def _keys(value: Any, where: str, valid: tuple[str, ...], required: tuple[str, ...]) -> list[str]:
    if not isinstance(value, dict):
        return [f"{where}: expected a mapping with keys {', '.join(valid)}, not {_describe(value)}"]
    problems = [
        f"{where}: unknown key {key!r}; valid keys: {', '.join(valid)}"
        for key in value
        if key not in valid
    ]
    problems += [
        f"{where}: missing key {key!r}; required keys: {', '.join(required)}"
        for key in required
        if key not in value
    ]
    return problems


def _text(mapping: dict[str, Any], key: str, where: str, hint: str, problems: list[str]) -> str:
    value = mapping.get(key, "")
    if key not in mapping:
        return ""  # reported as a missing key
    if not isinstance(value, str):
        problems.append(
            f"{where}: {key!r} must be text (a string), not {_describe(value)}; put it in quotes"
        )
        return ""
    if not value.strip():
        problems.append(f"{where}: {key!r} is empty; {hint}")
    if role := _ROLE.search(value):
        problems.append(
            f"{where}: {key!r} uses the MyST role {role.group(0)}...; quizzes take plain inline "
            "Markdown only (emphasis, `code`, [links](https://example.org))"
        )
    return value.strip()


def _count(items: Any, key: str, what: str, bounds: tuple[int, int], where: str) -> list[str]:
    low, high = bounds
    if not isinstance(items, list):
        return [
            f"{where}: {key!r} must be a list of {low} to {high} {what}, not {_describe(items)}"
        ]
    if not low <= len(items) <= high:
        return [f"{where}: {key!r} has {len(items)} {what}; give {low} to {high}"]
    return []


def _choice(data: Any, where: str, theory: bool, problems: list[str]) -> Choice | None:
    problems += _keys(data, where, CHOICE_KEYS, ("text", "why"))
    if not isinstance(data, dict):
        return None
    text = _text(data, "text", where, "write the answer the reader can choose", problems)
    why = _text(data, "why", where, "say why this answer is right or wrong", problems)
    correct = data.get("correct", False)
    if not isinstance(correct, bool):
        problems.append(f"{where}: 'correct' must be true or false, not {_describe(correct)}")
    if theory and why and not _LENS.search(why):
        problems.append(
            f"{where}: 'why' names none of the rival lenses, as every answer to a theory "
            f"question must; name at least one of: {', '.join(LENSES)}"
        )
    return Choice(text, why, correct is True)


def _question(data: Any, where: str, problems: list[str]) -> Question | None:
    problems += _keys(data, where, QUESTION_KEYS, QUESTION_KEYS)
    if not isinstance(data, dict):
        return None
    kind = data.get("kind")
    if "kind" in data and kind not in KINDS:
        problems.append(
            f"{where}: kind {kind!r} is not a kind of question; valid: {', '.join(KINDS)}"
        )
    prompt = _text(data, "prompt", where, "write the question", problems)
    raw: Any = data.get("choices")
    if "choices" not in data:
        return None  # reported as a missing key
    if found := _count(raw, "choices", "choices", CHOICES_RANGE, where):
        problems += found
        return None
    theory = kind == "theory"
    choices = [_choice(c, f"{where}, choice {j}", theory, problems) for j, c in enumerate(raw, 1)]
    right = [j for j, c in enumerate(choices, 1) if c is not None and c.correct]
    if len(right) != 1:
        marked = f"choices {', '.join(map(str, right))} are" if right else "no choice is"
        problems.append(f"{where}: {marked} marked 'correct: true'; mark exactly one")
    seen: dict[str, int] = {}
    for j, choice in enumerate(choices, 1):
        if choice is not None and choice.text in seen:
            problems.append(f"{where}, choice {j}: same text as choice {seen[choice.text]}")
        elif choice is not None and choice.text:
            seen[choice.text] = j
    if None in choices:
        return None
    return Question(str(kind), prompt, tuple(c for c in choices if c is not None))


def parse_quiz(data: Any, *, source: str) -> Quiz:
    """Check a quiz file's parsed YAML against the schema and return the quiz.

    Parameters
    ----------
    data : Any
        What ``yaml.safe_load`` made of the file.
    source : str
        The file's name for error messages, e.g. ``chapters/quizzes/x.yml``.

    Raises
    ------
    QuizError
        Listing every problem: the file, question and choice (counted from 1),
        the field, what was wrong and the valid options.

    Examples
    --------
    >>> choices = [{"text": "1962", "correct": True, "why": "Yes."}, {"text": "1963", "why": "No."}]
    >>> q = {"kind": "recall", "prompt": "When?", "choices": choices}
    >>> parse_quiz({"questions": [q]}, source="x.yml").questions[0].choices[0].correct
    True
    """
    problems = _keys(data, source, QUIZ_KEYS, QUIZ_KEYS)
    if problems:
        raise QuizError(problems)
    items = data["questions"]
    problems += _count(items, "questions", "questions", QUESTIONS_RANGE, source)
    if problems:
        raise QuizError(problems)
    questions = [_question(q, f"{source}, question {i}", problems) for i, q in enumerate(items, 1)]
    if problems:
        raise QuizError(problems)
    return Quiz(source, tuple(q for q in questions if q is not None))


def load_quiz(path: str | Path, *, name: str | None = None) -> Quiz:
    """Read and check a quiz file; ``name`` (default: ``path``) is used in error messages.

    Raises
    ------
    QuizError
        If the file cannot be read, is not YAML or breaks the schema (see :func:`parse_quiz`).
    """
    source = name if name is not None else str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        reason = getattr(err, "strerror", None) or str(err)
        raise QuizError([f"{source}: cannot read the quiz file ({reason})"]) from None
    try:
        data = yaml.load(text, Loader=_StrictLoader)  # a SafeLoader: no arbitrary objects
    except yaml.YAMLError as err:
        raise QuizError([f"{source}: not valid YAML: {err}"]) from None
    return parse_quiz(data, source=source)


# -- HTML ------------------------------------------------------------------------------


@functools.cache
def _markdown() -> MarkdownIt:
    from markdown_it import MarkdownIt

    # CommonMark with raw HTML off (so text is escaped) and no images (nothing is fetched)
    return MarkdownIt("commonmark", {"html": False}).disable("image")


def quiz_html(quiz: Quiz, *, prefix: str) -> str:
    """The HTML of a quiz; every id starts with ``prefix``, unique on the page."""
    inline = _markdown().renderInline
    fieldsets, answers = [], []
    for i, question in enumerate(quiz.questions, 1):
        qid = f"{prefix}-q{i}"
        prompt = inline(question.prompt)
        inputs, items = [], []
        for j, choice in enumerate(question.choices, 1):
            cid, text, right = f"{qid}-c{j}", inline(choice.text), str(choice.correct).lower()
            inputs.append(
                f'<div class="teachkit-quiz-choice"><input type="radio" id="{cid}" name="{qid}" '
                f'value="{j}" data-correct="{right}"><label for="{cid}">{text}</label></div>'
            )
            verdict = "Correct answer" if choice.correct else "Not correct"
            items.append(
                f'<li data-correct="{right}"><p><span aria-hidden="true">'
                f"{_SYMBOLS[choice.correct]}</span> <strong>{verdict}:</strong> {text}</p>"
                f'<p class="teachkit-quiz-why" id="{cid}-why">{inline(choice.why)}</p></li>'
            )
        fieldsets.append(
            f'<fieldset class="teachkit-quiz-question" data-kind="{question.kind}">'
            f"<legend>Question {i}: {prompt}</legend>"
            f'<div class="teachkit-quiz-choices">{"".join(inputs)}</div>'
            '<button type="button" class="teachkit-quiz-check" hidden>Check answer</button>'
            '<div class="teachkit-quiz-feedback" role="status" aria-live="polite"></div>'
            "</fieldset>"
        )
        answers.append(f"<p><strong>Question {i}:</strong> {prompt}</p><ul>{''.join(items)}</ul>")
    return (
        f'<div class="teachkit-quiz" id="{prefix}">{"".join(fieldsets)}'
        '<details class="teachkit-quiz-answers"><summary>All answers, with explanations</summary>'
        f"{''.join(answers)}</details></div>"
    )


# -- Sphinx ----------------------------------------------------------------------------


class QuizDirective(SphinxDirective):
    """``{teachkit-quiz} path/to/quiz.yml``: a self-check quiz from a YAML file."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        """Check the quiz file (a build error if it is broken) and render it."""
        relative, absolute = self.env.relfn2path(self.arguments[0], self.env.docname)
        self.env.note_dependency(absolute)
        try:
            quiz = load_quiz(absolute, name=relative)
        except QuizError as err:
            raise self.error(f"teachkit-quiz: {err}") from None
        number = self.env.new_serialno("teachkit-quiz") + 1
        prefix = f"tkq-{nodes.make_id(self.env.docname)}-{number}"
        node = nodes.raw("", quiz_html(quiz, prefix=prefix), format="html")
        node["classes"].append(_OUTPUT_CLASS)
        self.set_source_info(node)
        return [node]


def _add_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Load the quiz script and styles on the pages that have a quiz, and only there."""
    from sphinx.builders.html import StandaloneHTMLBuilder

    if doctree is None or not isinstance(app.builder, StandaloneHTMLBuilder):
        return
    if any(_OUTPUT_CLASS in node["classes"] for node in doctree.findall(nodes.raw)):
        app.builder.add_js_file(JS_FILE, defer="defer")
        app.builder.add_css_file(CSS_FILE)


def register(app: Sphinx) -> None:
    """Add the ``teachkit-quiz`` directive and its page assets to a Sphinx application."""
    app.add_directive("teachkit-quiz", QuizDirective)
    app.connect("html-page-context", _add_assets)
