"""Bonding trust: one rule table, read by Python and compiled to Vega, and its explorer."""

from __future__ import annotations

import dataclasses
import itertools
import json
import re
from collections.abc import Iterator
from typing import Any, ClassVar

import pytest
from bookhelpers import walk
from hypothesis import given
from hypothesis import strategies as st

from teachkit.charts import trust, trust_cases
from teachkit.charts.explorable import chart_meta
from teachkit.data._loader import load
from teachkit.data.episodes import episode
from teachkit.models import model_card, wheeler
from teachkit.widgets.recode import recode_case

COMPONENTS = trust.COMPONENTS
OKABE_ITO = {
    "#000000",
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
}

# ----------------------------------------------------------------------------- helpers


def oracle(levels: dict[str, int], holders: dict[str, str], previous: str | None) -> str:
    """The gating rule exactly as datapackage.json words it, written out independently."""
    idx = "index_of_trustworthiness"
    mutual_index = levels[idx] >= 1 and holders[idx] == "mutual"
    if all(levels[c] >= 2 and holders[c] == "mutual" for c in COMPONENTS):
        return "bonded_trust"
    if previous == "bonded_trust" or (previous == "calculative_trust" and not mutual_index):
        return "decayed"
    if levels[idx] >= 1 and holders[idx] == "one_sided":
        return "fake_bonding"
    if mutual_index:
        return "calculative_trust"
    return "no_trust"


_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<str>\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*')"
    r"|(?P<name>[A-Za-z_][A-Za-z_0-9]*(?:\.[A-Za-z_][A-Za-z_0-9]*)*)"
    r"|(?P<op>&&|\|\||==|!=|>=|<=|[-+!<>?:()]))"
)


def tokens(expression: str) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    pos = 0
    while pos < len(expression.rstrip()):
        match = _TOKEN.match(expression, pos)
        assert match, f"cannot read the Vega expression at {expression[pos : pos + 30]!r}"
        kind = match.lastgroup
        assert kind is not None
        text = match.group(kind)
        if kind == "num":
            out.append(("num", float(text)))
        elif kind == "str":
            out.append(("str", json.loads('"' + text[1:-1].replace('\\"', '"') + '"')))
        else:
            out.append((kind, text))
        pos = match.end()
    return out


class VegaSubset:
    """A tiny evaluator for the Vega expression syntax the rule compiler emits.

    Literals (numbers, strings, true, false), names (params, datum.field), unary !,
    binary + > >= < <= == != && ||, the conditional ?:, and parentheses, with
    JavaScript's precedence. Anything else is a test failure.
    """

    BINARY: ClassVar[dict[str, int]] = {
        "||": 1,
        "&&": 2,
        "==": 3,
        "!=": 3,
        ">": 4,
        ">=": 4,
        "<": 4,
        "<=": 4,
        "+": 5,
    }

    def __init__(self, expression: str) -> None:
        self.tokens = tokens(expression)
        self.pos = 0
        self.tree = self.conditional()
        assert self.pos == len(self.tokens), f"unread tokens: {self.tokens[self.pos :]}"

    def peek(self) -> tuple[str, Any] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, value: str | None = None) -> tuple[str, Any]:
        token = self.tokens[self.pos]
        assert value is None or token[1] == value, f"expected {value!r}, got {token!r}"
        self.pos += 1
        return token

    def conditional(self) -> Any:
        test = self.binary(1)
        if self.peek() == ("op", "?"):
            self.take("?")
            yes = self.conditional()
            self.take(":")
            no = self.conditional()
            return ("?", test, yes, no)
        return test

    def binary(self, level: int) -> Any:
        left = self.unary()
        while True:
            token = self.peek()
            if token is None or token[0] != "op" or self.BINARY.get(token[1], 0) < level:
                return left
            op = self.take()[1]
            right = self.binary(self.BINARY[op] + 1)
            left = (op, left, right)

    def unary(self) -> Any:
        kind, value = self.take()
        if (kind, value) == ("op", "!"):
            return ("!", self.unary())
        if (kind, value) == ("op", "("):
            inner = self.conditional()
            self.take(")")
            return inner
        if kind in ("num", "str"):
            return ("lit", value)
        if kind == "name":
            if value in ("true", "false"):
                return ("lit", value == "true")
            return ("var", value)
        raise AssertionError(f"unexpected token {value!r}")

    def __call__(self, env: dict[str, Any]) -> Any:
        return self.run(self.tree, env)

    def run(self, node: Any, env: dict[str, Any]) -> Any:
        op = node[0]
        if op == "lit":
            return node[1]
        if op == "var":
            return env[node[1]]
        if op == "!":
            return not self.run(node[1], env)
        if op == "?":
            return self.run(node[2] if self.run(node[1], env) else node[3], env)
        if op == "&&":
            return self.run(node[1], env) and self.run(node[2], env)
        if op == "||":
            return self.run(node[1], env) or self.run(node[2], env)
        a, b = self.run(node[1], env), self.run(node[2], env)
        return {
            "==": lambda: a == b,
            "!=": lambda: a != b,
            ">": lambda: a > b,
            ">=": lambda: a >= b,
            "<": lambda: a < b,
            "<=": lambda: a <= b,
            "+": lambda: a + b,
        }[op]()


def settings() -> Iterator[tuple[tuple[int, ...], str, str | None]]:
    """Every reader setting the explorer allows: levels, who holds the index, previous state."""
    for levels in itertools.product(range(4), repeat=4):
        for holder in ("mutual", "one_sided"):
            for previous in (None, *trust.STATES):
                yield levels, holder, previous


def chart_env(levels: tuple[int, ...], holder: str, previous: str | None) -> dict[str, Any]:
    names = trust.CHART_NAMES
    env: dict[str, Any] = {names.levels[c]: lv for c, lv in zip(COMPONENTS, levels, strict=True)}
    env[names.holders["index_of_trustworthiness"]] = holder
    env[str(names.previous_state)] = previous or "none"
    return env


def python_state(levels: tuple[int, ...], holder: str, previous: str | None) -> str:
    return trust.trust_state(*levels, index_direction=holder, previous_state=previous)


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return trust.trust_explorer(case="vajpayee_sharif_kargil_1999").to_dict()


@pytest.fixture(scope="module")
def codings() -> Any:
    return load("trust_codings")


def calculations(spec: dict[str, Any], name: str) -> list[str]:
    return [t["calculate"] for t in walk(spec) if "calculate" in t and t.get("as") == name]


# ----------------------------------------------------------------------------- the rule, in Python


def test_every_coded_episode_gets_its_coded_state_from_the_rule(codings: Any) -> None:
    states = {e: g["state"].iloc[0] for e, g in codings.groupby("episode_id", observed=True)}
    checked = 0
    for episode_id, group in codings.groupby("episode_id", observed=True):
        by = {str(r.component): r for r in group.itertuples()}
        previous_id = group["previous_episode_id"].iloc[0]
        previous = states[previous_id] if isinstance(previous_id, str) else None
        state = trust.trust_state(
            *(int(by[c].level) for c in COMPONENTS),
            sds_direction=str(by["security_dilemma_sensibility"].direction),
            index_direction=str(by["index_of_trustworthiness"].direction),
            identification_direction=str(by["positive_identification"].direction),
            humanization_direction=str(by["humanization"].direction),
            previous_state=previous,
        )
        assert state == group["state"].iloc[0], episode_id
        checked += 1
    assert checked == codings["episode_id"].nunique() >= 10


def test_the_cases_the_book_discusses_are_all_coded(codings: Any) -> None:
    dyads = set(codings["dyad"].astype(str))
    for dyad in (
        "reagan__gorbachev",
        "vajpayee__sharif_nawaz",
        "kennedy__khrushchev",
        "obama__khamenei",
        "trump__kim_jong_un",
    ):
        assert dyad in dyads
    kargil = trust.rule_state("vajpayee_sharif_kargil_1999")
    assert (trust.rule_state("vajpayee_sharif_lahore_1999"), kargil) == ("bonded_trust", "decayed")


def test_python_rule_matches_the_documented_rule_for_every_setting() -> None:
    for levels, holder, previous in settings():
        lv = dict(zip(COMPONENTS, levels, strict=True))
        holders = {c: "mutual" for c in COMPONENTS}
        holders["index_of_trustworthiness"] = holder
        assert python_state(levels, holder, previous) == oracle(lv, holders, previous)


@pytest.mark.parametrize(
    "directions", list(itertools.product(("mutual", "a_to_b", "b_to_a"), repeat=4))[::7]
)
def test_python_rule_reads_every_components_direction(directions: tuple[str, ...]) -> None:
    holders = {
        c: ("mutual" if d == "mutual" else "one_sided")
        for c, d in zip(COMPONENTS, directions, strict=True)
    }
    for levels in itertools.product(range(1, 4), repeat=4):
        lv = dict(zip(COMPONENTS, levels, strict=True))
        got = trust.trust_state(
            *levels,
            sds_direction=directions[0],
            index_direction=directions[1],
            identification_direction=directions[2],
            humanization_direction=directions[3],
        )
        assert got == oracle(lv, holders, None)


def test_stage_reached_is_a_ladder() -> None:
    assert trust.stage_reached(0, 0, 0, 0) == 0
    assert trust.stage_reached(2, 0, 3, 3) == 1
    assert trust.stage_reached(3, 2, 1, 3) == 2
    assert trust.stage_reached(2, 2, 2, 2) == 3
    assert trust.stage_reached(1, 3, 3, 3) == 0  # stage 3 needs stages 1 and 2
    assert trust.stage_reached(3, 3, 3, 3, index_direction="a_to_b") == 1
    assert trust.stage_reached(3, 3, 3, 2, humanization_direction="b_to_a") == 2


# ----------------------------------------------------------------------------- the rule, in Vega


def test_vega_state_expression_equals_python_for_every_setting() -> None:
    evaluate = VegaSubset(trust.state_expression())
    for levels, holder, previous in settings():
        assert evaluate(chart_env(levels, holder, previous)) == python_state(
            levels, holder, previous
        ), (levels, holder, previous)


def test_vega_stage_expression_equals_python_for_every_setting() -> None:
    evaluate = VegaSubset(trust.stage_expression())
    for levels, holder, _ in settings():
        expected = trust.stage_reached(*levels, index_direction=holder)
        assert evaluate(chart_env(levels, holder, None)) == expected, (levels, holder)


def test_the_chart_uses_the_compiled_expressions(spec: dict[str, Any]) -> None:
    state = trust.state_expression()
    reader = calculations(spec, "reader_state")
    assert reader
    assert set(reader) == {state}
    assert set(calculations(spec, "stage")) == {trust.stage_expression()}
    for stage in trust.STAGES:
        assert trust.stage_met_expression(stage) in calculations(spec, "met")[0]


def test_changing_the_table_changes_python_and_vega_together(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The test above can fail: a rule with a different threshold gives different states."""
    setting = ((0, 1, 0, 0), "mutual", None)
    assert python_state(*setting) == "calculative_trust"
    stricter = dataclasses.replace(
        trust.RULES[3], any_of=((trust.Held("index_of_trustworthiness", 2, "mutual"),),)
    )
    monkeypatch.setattr(wheeler, "RULES", (*trust.RULES[:3], stricter, trust.RULES[4]))
    assert python_state(*setting) == "no_trust"
    changed = VegaSubset(trust.state_expression())
    assert changed(chart_env(*setting)) == "no_trust"
    assert (
        oracle(
            dict(zip(COMPONENTS, setting[0], strict=True)),
            dict.fromkeys(COMPONENTS, "mutual"),
            None,
        )
        == "calculative_trust"
    )


def test_the_evaluator_reads_what_it_should() -> None:
    assert VegaSubset("1 + 2 >= 3 && !(a == 'x') ? \"yes\" : 'no'")({"a": "y"}) == "yes"
    assert VegaSubset("a > 1 || b")({"a": 0, "b": False}) is False
    with pytest.raises(AssertionError):
        VegaSubset("a * 2")


# ----------------------------------------------------------------------------- properties

levels_st = st.integers(min_value=0, max_value=3)
holder_st = st.sampled_from(["mutual", "a_to_b", "b_to_a"])
previous_st = st.sampled_from([None, *trust.STATES])


@given(
    st.lists(levels_st, min_size=4, max_size=4),
    st.integers(min_value=0, max_value=3),
    holder_st,
)
def test_raising_one_component_never_lowers_the_stage(
    levels: list[int], which: int, holder: str
) -> None:
    before = trust.stage_reached(*levels, index_direction=holder)
    raised = list(levels)
    raised[which] = min(3, raised[which] + 1)
    assert trust.stage_reached(*raised, index_direction=holder) >= before


@given(
    st.lists(levels_st, min_size=4, max_size=4), st.sampled_from(["a_to_b", "b_to_a"]), previous_st
)
def test_a_one_sided_index_never_yields_bonded_trust(
    levels: list[int], direction: str, previous: str | None
) -> None:
    state = trust.trust_state(*levels, index_direction=direction, previous_state=previous)
    assert state != "bonded_trust"
    assert trust.stage_reached(*levels, index_direction=direction) <= 1


@given(st.lists(levels_st, min_size=4, max_size=4), holder_st, previous_st)
def test_stage_three_is_exactly_bonded_trust(
    levels: list[int], holder: str, previous: str | None
) -> None:
    stage = trust.stage_reached(*levels, index_direction=holder)
    state = trust.trust_state(*levels, index_direction=holder, previous_state=previous)
    assert (stage == 3) == (state == "bonded_trust")
    if min(levels) < 2:
        assert state != "bonded_trust"


# ----------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: trust.trust_state(4, 0, 0, 0),
            r"sds must be a whole number from 0 to 3 \(got 4\)",
        ),
        (lambda: trust.trust_state(0, -1, 0, 0), r"index must be a whole number from 0 to 3"),
        (
            lambda: trust.trust_state(0, 1, 0, 0, index_direction="mutal"),
            r"index_direction must be one of 'mutual', .* \(got 'mutal'\); did you mean 'mutual'\?",
        ),
        (
            lambda: trust.trust_state(0, 1, 0, 0, index_direction="none"),
            r"use 'none' only with level 0",
        ),
        (
            lambda: trust.trust_state(0, 0, 0, 0, previous_state="bonded"),
            r"previous_state must be one of .*; did you mean 'bonded_trust'\?",
        ),
        (
            lambda: trust.stage_reached(0, 0, 0, 9),
            r"humanization must be a whole number from 0 to 3",
        ),
        (
            lambda: trust.trust_explorer(case="reagan_gorbachev_geneva_85"),
            r"case must be one of 'chamberlain_hitler_munich_1938', .*"
            r"\(got 'reagan_gorbachev_geneva_85'\); did you mean 'reagan_gorbachev_geneva_1985'\?",
        ),
        (
            lambda: trust.trust_explorer(index_holder="both"),
            r"index_holder must be one of 'mutual', 'one_sided' \(got 'both'\)",
        ),
        (lambda: trust.trust_explorer(sds=4), r"sds must be between 0 and 3 in steps of 1"),
        (
            lambda: recode_case("nope"),
            r"episode_id must be one of 'chamberlain_hitler_munich_1938'",
        ),
        (lambda: trust.rule_state("lahore"), r"episode_id must be one of .* \(got 'lahore'\)"),
    ],
)
def test_bad_input_names_the_valid_options(call: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize(
    "call",
    [
        lambda: trust.trust_state(0, 1.5, 0, 0),  # type: ignore[arg-type]
        lambda: trust.trust_state(True, 0, 0, 0),
        lambda: trust.trust_state(0, 1, 0, 0, index_direction=1),  # type: ignore[arg-type]
        lambda: trust.trust_explorer(reveal="yes"),  # type: ignore[arg-type]
    ],
)
def test_a_wrong_type_is_a_type_error_naming_the_argument(call: Any) -> None:
    with pytest.raises(TypeError, match=r"^(sds|index|index_direction|reveal) must be"):
        call()


def test_an_episode_gives_its_coding_as_trust_states_arguments() -> None:
    kargil = episode("vajpayee_sharif_kargil_1999")
    coding = kargil.coding()
    assert coding["previous_state"] == "bonded_trust"  # Lahore, the episode before
    assert coding["sds"] == kargil.levels["security_dilemma_sensibility"]
    assert coding["index_direction"] == kargil.directions["index_of_trustworthiness"]
    assert trust.trust_state(**coding) == kargil.state == "decayed"
    assert trust.stage_reached(**kargil.codes()) == 0
    assert set(coding) - set(kargil.codes()) == {"previous_state"}


# ----------------------------------------------------------------------------- the explorer


def test_four_labelled_sliders_from_0_to_3(spec: dict[str, Any]) -> None:
    params = {p["name"]: p for p in spec["params"]}
    expected = [
        "Security dilemma sensibility",
        "Index of trustworthiness",
        "Positive identification",
        "Humanization",
    ]
    sliders = [p for p in spec["params"] if p.get("bind", {}).get("input") == "range"]
    assert [p["bind"]["name"] for p in sliders] == expected
    for p in sliders:
        assert (p["bind"]["min"], p["bind"]["max"], p["bind"]["step"]) == (0, 3, 1)
        assert p["value"] in range(4)
    holder = params["index_holder"]["bind"]
    assert holder["input"] == "select"
    assert holder["options"] == ["mutual", "one_sided"]
    assert holder["name"].strip()
    assert len(holder["labels"]) == 2


def test_every_bound_control_has_an_accessible_name(spec: dict[str, Any]) -> None:
    inputs = {p["name"]: p["bind"]["input"] for p in spec["params"] if "bind" in p}
    assert inputs == {
        "sensibility": "range",
        "index_level": "range",
        "identification": "range",
        "humanization": "range",
        "index_holder": "select",
        "previous_state": "select",
        "chosen_case": "select",
        "reveal": "checkbox",
    }
    for p in spec["params"]:
        if "bind" in p:
            assert p["bind"]["name"].strip(), p["name"]


def test_case_menu_lists_every_coded_episode(spec: dict[str, Any], codings: Any) -> None:
    case = next(p for p in spec["params"] if p["name"] == "chosen_case")
    assert case["bind"]["name"] == "Choose a case"
    assert set(case["bind"]["options"]) == set(codings["episode_id"])
    assert len(case["bind"]["labels"]) == len(case["bind"]["options"])
    assert case["value"] == "vajpayee_sharif_kargil_1999"
    reveal = next(p for p in spec["params"] if p["name"] == "reveal")
    assert reveal["bind"]["name"] == "Reveal the book's coding"
    assert reveal["value"] is False


def test_reveal_shows_only_name_and_question_until_ticked(spec: dict[str, Any]) -> None:
    filters = [t["filter"] for t in walk(spec) if isinstance(t.get("filter"), str)]
    assert "datum.episode_id == chosen_case && (reveal || !datum.revealed_only)" in filters
    rows = [r for e in trust.episodes() for r in trust_cases._reveal_rows(e)]
    for e in trust.episodes():
        mine = [r for r in rows if r["episode_id"] == e.id]
        before = [str(r["text"]) for r in mine if not r["revealed_only"]]
        assert before[0] == f"Case: {e.label}"
        assert "Reveal the book's coding" in " ".join(before)
        after = " ".join(str(r["text"]) for r in mine if r["revealed_only"])
        for c in COMPONENTS:  # every evidence sentence, wrapped, appears in full
            assert " ".join(e.evidence[c].split()) in after
        assert "The book's interpretation" in after


def test_the_grid_hides_the_chosen_case_until_revealed(spec: dict[str, Any]) -> None:
    assert "datum.episode_id == chosen_case && !reveal" in calculations(spec, "hidden")


def test_table_alternative_lists_every_coded_episode(spec: dict[str, Any], codings: Any) -> None:
    [meta] = chart_meta(spec)
    table = meta["table"]
    assert "book's interpretation" in table["caption"]
    assert len(table["rows"]) == codings["episode_id"].nunique()
    by_label = {row[0]: row for row in table["rows"]}
    for episode_id, group in codings.groupby("episode_id", observed=True):
        row = by_label[group["episode_label"].iloc[0]]
        levels = {str(r.component): int(r.level) for r in group.itertuples()}
        assert [int(cell.split(",")[0]) for cell in row[2:6]] == [levels[c] for c in COMPONENTS]
        assert row[6] == trust.STATE_LABELS[str(group["state"].iloc[0])]
        assert row[7].split("; ")[0] == group["state_citation"].iloc[0].split(";")[0], episode_id


def test_description_and_interpretation_labels(spec: dict[str, Any]) -> None:
    assert "bonding trust" in spec["description"]
    assert "the book's interpretation" in spec["description"]
    text = json.dumps(spec)
    assert text.count("the book's interpretation") >= 3
    subtitle = " ".join(spec["title"]["subtitle"])
    assert "no probabilities" in subtitle
    assert "tk.model_card('wheeler')" in subtitle


def test_colours_are_okabe_ito_and_never_alone(spec: dict[str, Any]) -> None:
    colours = set(re.findall(r"#[0-9A-Fa-f]{6}", json.dumps(spec)))
    assert colours <= OKABE_ITO | {"#FFFFFF", "#767676"}
    statuses = calculations(spec, "status")[0]
    assert "reached" in statuses  # the ladder says it in text as well as by fill
    assert "not reached" in statuses
    assert "◆ " in calculations(spec, "shown")[-1]  # a text marker beside the band colour


def test_recode_case_in_a_static_build_is_a_note(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEACHKIT_STATIC_BUILD", "1")
    note = recode_case("trump_kim_singapore_2018")
    text = note._repr_markdown_()
    assert "live kernel" in text
    assert "Binder" in text
    assert "fake bonding" in text


def test_recode_case_recomputes_the_state_with_trust_state(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TEACHKIT_STATIC_BUILD", raising=False)
    box = recode_case("reagan_gorbachev_geneva_1985")
    header, *rows, previous, result, _reset = box.children
    assert "live kernel" in header.value
    assert "Colab" in header.value
    assert "calculative trust" in result.value
    sliders = [row.children[0] for row in rows]
    assert sliders[0].description == "Security dilemma sensibility"
    sliders[2].value = 3  # identification up: all four clear and mutual
    assert "Your coding gives <b>bonded trust</b>" in result.value
    rows[1].children[1].value = "a_to_b"
    assert "fake bonding" in result.value
    rows[1].children[1].value = "none"
    assert "Not a valid coding" in result.value
    assert previous.value == "none"


def test_model_card_says_what_it_cannot_say() -> None:
    card = model_card("wheeler")
    text = card._repr_markdown_()
    for phrase in ("No probabilities", "inter-coder reliability", "rule in view", "ordinal"):
        assert phrase.lower() in text.lower()
    assert card.rules == tuple(rule.describe() for rule in wheeler.RULES)
    for rule in card.rules:
        assert rule in text
    assert card.rules[0].startswith("(1) bonded trust if ")
    assert card.rules[-1] == "(5) no trust otherwise"
    assert len(card.stages) == 3
    assert card.stages[2].startswith("3. Identity transformation")
    assert "positive identification at 2 or more (both leaders)" in card.stages[2]


def test_coded_cases_table_agrees_with_the_rule() -> None:
    table = trust.coded_cases()
    assert list(table["state"]) == list(table["rule_state"])
    assert table["date"].is_monotonic_increasing
    assert (
        table.loc[table["episode_id"] == "reagan_gorbachev_reykjavik_1986", "stage_reached"].item()
        == 3
    )


def test_the_explorer_starts_where_its_arguments_say() -> None:
    spec = trust.trust_explorer(
        case="trump_kim_hanoi_2019",
        sds=2,
        index=3,
        index_holder="one_sided",
        previous_state="calculative_trust",
        reveal=True,
    ).to_dict()
    values = {p["name"]: p["value"] for p in spec["params"] if "bind" in p}
    assert values["sensibility"] == 2
    assert values["index_level"] == 3
    assert values["identification"] == 0
    assert values["index_holder"] == "one_sided"
    assert values["previous_state"] == "calculative_trust"
    assert values["chosen_case"] == "trump_kim_hanoi_2019"
    assert values["reveal"] is True


def test_the_explorer_concatenates_with_other_charts() -> None:
    import altair as alt

    from teachkit.charts.shadow import future_weights

    spec = alt.hconcat(trust.trust_explorer(), future_weights()).to_dict()
    assert "config" not in spec["hconcat"][0]  # no configure_* in the explorer
    tables = [meta["table"]["caption"] for meta in chart_meta(spec)]
    assert len(tables) == 2
    assert any("book's interpretation" in caption for caption in tables)
