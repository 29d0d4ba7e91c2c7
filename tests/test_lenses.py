"""One case through three lenses: bound controls, text alternative, and one home for the maths.

Every Vega expression the view evaluates in the browser is translated to Python
with the whitelisted translator of test_model_charts.py and compared, over a
grid of settings, with the function in teachkit.models that it mirrors.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Sequence
from typing import Any

import pytest
from bookhelpers import walk
from test_model_charts import close, compile_vega, expressions, has_chain, run_chain

import teachkit as tk
from teachkit import models as m
from teachkit.charts import kydd as kydd_charts
from teachkit.charts import lenses as lv
from teachkit.charts import richardson as richardson_charts
from teachkit.charts import theme
from teachkit.charts.explorable import META_PREFIX, Calculation, chart_meta, wrapped

TOL = 1e-9
EN = "\u2013"  # the en dash of the pair labels and year spans
BUDGET = 100_000  # bytes of inline JSON per chart


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return lv.lenses_view().to_dict()


@pytest.fixture(scope="module")
def sharif() -> dict[str, Any]:
    """Vajpayee-Sharif: two meetings (New York 1998, Lahore), then a coded non-meeting (Kargil)."""
    return lv.lenses_view(case="vajpayee__sharif_nawaz").to_dict()


def table(spec: dict[str, Any]) -> dict[str, Any]:
    (meta,) = chart_meta(spec)
    found: dict[str, Any] = meta["table"]
    return found


def bound(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The params bound to inputs (not the chart's metadata)."""
    return [p for p in spec["params"] if not p["name"].startswith(META_PREFIX)]


def iterated_posterior(prior: float, lr: float, n: int) -> float:
    """Bayes' rule applied n times with kydd_posterior, independently of _lenses."""
    q_t, q_u = min(1.0, lr), min(1.0, 1.0 / lr)
    for _ in range(n):
        prior = m.kydd_posterior(prior, q_t, q_u)
    return prior


def arms_at(years: float, k: float, a: float, g: float, start: float = 10.0) -> float:
    if years == 0:
        return start
    path = m.richardson_path(start, start, k=k, l=k, a=a, b=a, g=g, h=g, dt=years, steps=1)
    return float(path.x[1])


# ================================================================ the controls and the words


def test_sliders_are_bound_named_range_inputs(spec: dict[str, Any]) -> None:
    params = bound(spec)
    assert [p["name"] for p in params] == list(lv.LENS_PARAMS) == ["prior", "lr", "k", "a", "g"]
    for p in params:
        low, high, step, start, label = lv.SLIDERS[p["name"]]
        bind = p["bind"]
        assert bind["input"] == "range"
        assert bind["name"] == label
        assert bind["name"].startswith(("Kydd: ", "Richardson: "))
        assert (bind["min"], bind["max"], bind["step"]) == (low, high, step)
        assert p["value"] == start
        positions = (p["value"] - bind["min"]) / bind["step"]
        assert abs(positions - round(positions)) < 1e-9, "the start must be a slider position"
    assert params[1]["bind"]["min"] > 0, "a likelihood ratio of 0 would make Bayes' rule undefined"


def test_description_titles_and_labels_say_whose_reading_it_is(spec: dict[str, Any]) -> None:
    description = spec["description"]
    assert len(description) > 400
    for phrase in (
        f"Reagan{EN}Gorbachev",
        "the book's interpretation",
        "the book's illustration, not Kydd's own analysis",
        "the book's stand-in for Jervis's spiral model",
    ):
        assert phrase in description
    assert spec["title"]["text"] == f"One case, three lenses: Reagan{EN}Gorbachev, 1985{EN}1988"
    assert spec["title"]["subtitle"][0].startswith("Which lens says most")
    assert any(line.startswith("Predict first") for line in spec["title"]["subtitle"])
    panels = [n["title"] for n in walk(spec) if isinstance(n.get("title"), dict)]
    lens_titles = [t for t in panels if isinstance(t.get("subtitle"), list)]
    texts = [t["text"] for t in lens_titles if t["text"][0] in "123"]
    assert len(texts) == 3
    assert "Wheeler" in texts[0]
    assert "the book's interpretation" in texts[0]
    assert "Kydd" in texts[1]
    assert "not Kydd's own analysis of this case" in texts[1]
    assert "Jervis" in texts[2]
    assert "Richardson" in texts[2]
    assert "stand-in" in texts[2]
    says = [t["subtitle"] for t in lens_titles if t["text"][0] in "123"]
    assert all(len(s) == 1 and s[0].startswith("What this lens says: ") for s in says)
    assert "from calculative trust to bonded trust" in says[0][0]


def test_colours_are_okabe_ito_or_grey(spec: dict[str, Any]) -> None:
    allowed = {c.upper() for c in theme.OKABE_ITO.values()} | {"#767676", "#333333"}
    colours = set(re.findall(r"#[0-9A-Fa-f]{6}", json.dumps(spec)))
    assert colours
    assert {c.upper() for c in colours} <= allowed


def test_states_have_shapes_and_text_as_well_as_colour(spec: dict[str, Any]) -> None:
    shapes = [n["shape"] for n in walk(spec) if isinstance(n.get("shape"), dict)]
    assert any(s.get("field") == "state" for s in shapes)
    assert any(n.get("shape") == "square" for n in walk(spec))  # Richardson's marks
    assert any(n.get("strokeDash") == [6, 4] for n in walk(spec))  # Kydd's prior line


def test_page_weight(spec: dict[str, Any]) -> None:
    assert len(json.dumps(spec)) < BUDGET


# ================================================================ Kydd: Bayes' rule once per summit

PRIORS = [0.0, 0.01, 0.3, 0.5, 0.99, 1.0]
RATIOS = [round(0.5 + 0.1 * i, 10) for i in range(36)]  # every slider position
SUMMIT_COUNTS = range(7)


def _kydd_mismatches(steps: Sequence[Calculation]) -> list[Any]:
    chain = run_chain(steps, lv.LENS_PARAMS)
    bad = []
    for prior, lr, n in itertools.product(PRIORS, RATIOS, SUMMIT_COUNTS):
        got = chain({"prior": prior, "lr": lr}, {"n": float(n)})["post"]
        if not close(got, iterated_posterior(prior, lr, n)):
            bad.append((prior, lr, n, got))
    return bad


def test_kydd_expressions_match_repeated_bayes_on_every_ratio() -> None:
    assert _kydd_mismatches(lv.kydd_calculations()) == []


def test_kydd_cross_check_can_fail() -> None:
    steps = [
        (field, expr.replace("datum.n", "(datum.n + 1)") if field == "post" else expr)
        for field, expr in lv.kydd_calculations()
    ]
    assert _kydd_mismatches(steps)


def test_kydd_reuses_the_explorer_generator() -> None:
    post = dict(lv.kydd_calculations())["post"]
    assert post == kydd_charts._posterior_expression(
        "pow(datum.q_t, datum.n)", "pow(datum.q_u, datum.n)"
    )


def test_kydd_chart_uses_the_expressions_and_reads_out_the_last_summit(
    spec: dict[str, Any],
) -> None:
    steps = lv.kydd_calculations()
    assert has_chain(spec, steps)
    readout = lv.kydd_readout(5)
    assert wrapped(readout) in expressions(spec)  # drawn wrapped to fit a phone
    text = run_chain([*steps, ("text", readout)], lv.LENS_PARAMS)
    rising = text({"prior": 0.3, "lr": 1.5}, {"n": 5.0})["text"]
    assert rising == (
        f"After 5 summits, trust is {iterated_posterior(0.3, 1.5, 5):.2f} (prior 0.30). "
        "Each summit raised it."
    )
    assert text({"prior": 0.3, "lr": 1.0}, {"n": 5.0})["text"].endswith("(cheap talk).")
    assert "lowered it" in text({"prior": 0.3, "lr": 0.5}, {"n": 5.0})["text"]
    assert lv.kydd_readout(1).startswith('"After 1 summit, trust')


def test_kydd_trust_path_is_repeated_kydd_posterior() -> None:
    path = lv.kydd_trust_path(0.3, 1.5, 4)
    assert path == [iterated_posterior(0.3, 1.5, n) for n in range(1, 5)]
    with pytest.raises(ValueError, match="likelihood_ratio must be greater than 0"):
        lv.kydd_trust_path(0.3, 0.0, 2)
    with pytest.raises(ValueError, match="prior must be between 0 and 1"):
        lv.kydd_trust_path(1.2, 1.5, 2)


# ================================================================ Richardson: the spiral stand-in

RICHARDSON_GRID = list(
    itertools.product(
        [0.0, 0.3, 0.6, 1.0],  # k
        [0.0, 0.3, 0.3 + 1e-9, 0.6, 1.0],  # a: near k exercises the series
        [0.0, 1.0, 2.0],  # g
    )
)
YEARS = [0.0, 0.02, 0.9, 2.6, 3.05, 8.1]  # a fortnight (Munich) to eight years (Trump-Putin)


def _richardson_mismatches(steps: Sequence[Calculation]) -> list[Any]:
    chain = run_chain(steps, lv.LENS_PARAMS)
    bad = []
    for (k, a, g), t in itertools.product(RICHARDSON_GRID, YEARS):
        got = chain({"k": k, "a": a, "g": g}, {"t": t})
        want = arms_at(t, k, a, g)
        try:
            star: float | None = m.richardson_equilibrium(k=k, l=k, a=a, b=a, g=g, h=g)[0]
        except ValueError:
            star = None
        if not (
            abs(got["x"] - want) <= TOL * max(1.0, abs(want))
            and abs(got["y"] - want) <= TOL * max(1.0, abs(want))
            and close(got["x_star"], star)
            and got["stable"] == m.richardson_stable(k=k, l=k, a=a, b=a)
            and got["shown"] == max(-30.0, min(330.0, got["x"]))
        ):
            bad.append((k, a, g, t, got["x"], want))
    return bad


def test_richardson_expressions_match_the_model() -> None:
    assert _richardson_mismatches(lv.richardson_calculations()) == []


def test_richardson_cross_check_can_fail() -> None:
    assert _richardson_mismatches(lv.richardson_calculations(start=9.0))


def test_richardson_reuses_the_explorer_generator(spec: dict[str, Any]) -> None:
    steps = lv.richardson_calculations()
    assert steps[:-1] == richardson_charts.richardson_calculations(10.0, 10.0)
    assert has_chain(spec, [s for s in steps if s[0] not in ("x_star", "stable")])
    assert has_chain(spec, [s for s in steps if s[0] in ("x_star", "stable")])


@pytest.mark.parametrize(
    ("setting", "start"),
    [
        ({"k": 0.3, "a": 0.6, "g": 1.0}, "Stable (a·b = 0.36, k·l = 0.09): arms fall towards 3.33"),
        ({"k": 0.5, "a": 0.55, "g": 1.0}, "Stable (a·b = 0.30, k·l = 0.25): arms rise to settle"),
        ({"k": 0.0, "a": 0.1, "g": 1.0}, "Stable (a·b = 0.01, k·l = 0.00): arms stay level."),
        ({"k": 0.4, "a": 0.4, "g": 1.0}, "Borderline (a·b = 0.16, k·l = 0.16): no settling"),
        ({"k": 0.4, "a": 0.4, "g": 0.0}, "Borderline"),
        ({"k": 0.8, "a": 0.3, "g": 1.0}, "Unstable (a·b = 0.09, k·l = 0.64): each side reacts"),
    ],
)
def test_richardson_verdict(setting: dict[str, float], start: str, spec: dict[str, Any]) -> None:
    verdict = lv.richardson_readout()
    assert wrapped(verdict) in expressions(spec)
    steps = [s for s in lv.richardson_calculations() if s[0] in ("x_star", "stable")]
    text = run_chain([*steps, ("text", verdict)], lv.LENS_PARAMS)(setting, {"t": 0.0})["text"]
    assert text.startswith(start)
    if setting["g"] == 0.0 and setting["k"] == setting["a"]:
        assert text.endswith("arms stay where they are.")


# ================================================================ Wheeler: the book's codings


def test_wheeler_points_are_the_coded_states_and_stages(spec: dict[str, Any]) -> None:
    coded = tk.coded_cases().set_index("episode_id")
    points = [d for d in spec["datasets"].values() if d and "stage" in d[0]]
    assert len(points) == 1
    by_date = {row["date"]: row for row in points[0]}
    for episode_id, date in (
        ("reagan_gorbachev_geneva_1985", "1985-11-19"),
        ("reagan_gorbachev_reykjavik_1986", "1986-10-11"),
    ):
        row = by_date.pop(date)
        assert row["stage"] == coded.loc[episode_id, "stage_reached"]
        assert row["state"] == str(coded.loc[episode_id, "state"]).replace("_", " ")
    assert by_date == {}


# ================================================================ the table alternative


def test_table_rows_match_the_models_at_the_start(spec: dict[str, Any]) -> None:
    found = table(spec)
    summits = tk.load("summits")
    ours = summits[summits["dyad"] == "reagan__gorbachev"].sort_values("start_date")
    assert [r[1] for r in found["rows"]] == ours["title"].tolist()
    assert [r[1] for r in found["rows"]][:4] == [
        "Geneva Summit",
        "Reykjavik Summit",
        "Washington Summit",
        "Moscow Summit",
    ]
    assert found["rows"][0][0] == "1985-11-19 to 1985-11-21"
    coded = tk.coded_cases().set_index("episode_id")
    geneva = coded.loc["reagan_gorbachev_geneva_1985"]
    assert found["rows"][0][2] == f"calculative trust (stage {geneva['stage_reached']} of 3)"
    assert found["rows"][1][2] == "bonded trust (stage 3 of 3)"
    assert {r[2] for r in found["rows"][2:]} == {"not coded by the book"}
    first = ours["start_date"].iloc[0]
    for n, (row, day) in enumerate(zip(found["rows"], ours["start_date"], strict=True), start=1):
        assert row[3] == round(iterated_posterior(0.3, 1.5, n), 4)
        years = (day - first).days / 365.25
        assert row[4] == round(arms_at(years, 0.3, 0.6, 1.0), 4)
    assert found["columns"][2] == "Wheeler: the book's coded state"
    caption = found["caption"]
    assert "the book's interpretation" in caption
    assert "stable." in caption
    assert "prior trust 0.3" in caption
    assert "1.5 times" in caption


def test_a_coded_episode_that_was_not_a_meeting(sharif: dict[str, Any]) -> None:
    rows = table(sharif)["rows"]
    assert rows[0][0] == "1998-09-23"  # the New York luncheon (summits row new_york_1998)
    assert rows[0][2] == "not coded by the book"
    assert rows[1][1] == "Lahore summit"
    assert rows[1][2] == "bonded trust (stage 3 of 3)"
    assert rows[1][3] == round(iterated_posterior(0.3, 1.5, 2), 4)
    kargil = rows[2]
    assert kargil[0] == "1999-05-03"  # dated to the day since issue #12 (sources: 2 or 3 May)
    assert kargil[2] == "decayed (stage 0 of 3)"
    assert kargil[3] == "no update (not a summit)"
    assert "each of the 2 summits" in sharif["description"]
    assert "from bonded trust to decayed" in json.dumps(sharif)


def test_a_pair_the_book_has_not_coded() -> None:
    spec = lv.lenses_view(case="Bush-Gorbachev").to_dict()
    rows = table(spec)["rows"]
    assert len(rows) == 6
    assert {r[2] for r in rows} == {"not coded by the book"}
    assert "has not coded this pair" in spec["description"]
    assert "What this lens says: nothing here" in json.dumps(spec)


# ================================================================ which cases, and bad input


def test_lens_cases_have_two_or_more_meetings_or_coded_episodes() -> None:
    cases = lv.lens_cases()
    assert next(iter(cases)) == "chamberlain__hitler"
    assert {"reagan__gorbachev", "vajpayee__sharif_nawaz", "trump__kim_jong_un"} <= set(cases)
    summits = tk.load("summits")["dyad"].astype(str).value_counts()
    for dyad in ("kennedy__khrushchev", "obama__khamenei", "truman__stalin", "trump__duterte"):
        assert dyad not in cases
        assert summits.get(dyad, 0) <= 1
    for dyad in cases:
        assert len(lv._all_points()[dyad]) >= 2


@pytest.mark.parametrize(
    ("case", "error", "message"),
    [
        ("nope", ValueError, r"case must be one of 'chamberlain__hitler', .*\(got 'nope'\)"),
        ("reagan__gorbachov", ValueError, r"did you mean 'reagan__gorbachev'\?"),
        (
            "kennedy__khrushchev",
            ValueError,
            f"Kennedy{EN}Khrushchev .* fewer than two meetings or coded",
        ),
        (
            "obama__khamenei",
            ValueError,
            rf"fewer than two .* reagan__gorbachev \(Reagan{EN}Gorbachev\)",
        ),
        (None, TypeError, r"case must be a string, one of 'chamberlain__hitler'"),
        (3, TypeError, r"got int 3"),
    ],
)
def test_bad_case_lists_the_valid_options(case: Any, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        lv.lenses_view(case=case)


def test_labels_and_case_are_accepted() -> None:
    assert lv._case("Reagan-Gorbachev").dyad == "reagan__gorbachev"
    assert lv._case(" REAGAN__GORBACHEV ").dyad == "reagan__gorbachev"
    assert lv._case("reagan_gorbachev").dyad == "reagan__gorbachev"  # loose match


def test_no_configure_so_the_view_concatenates() -> None:
    import altair as alt

    view = lv.lenses_view(case="trump__kim_jong_un")
    assert view.config is alt.Undefined
    assert alt.vconcat(view, tk.future_weights()).to_dict()


def test_vega_literals_in_the_view_are_finite(spec: dict[str, Any]) -> None:
    for expression in expressions(spec):
        assert "NaN" not in expression
        assert "Infinity" not in expression
    assert all(math.isfinite(p["value"]) for p in bound(spec))


def test_every_view_expression_is_in_the_whitelisted_subset(spec: dict[str, Any]) -> None:
    """Each calculate and filter compiles, so nothing slipped past the translator."""
    found = expressions(spec)
    assert len(found) > 10
    for expression in found:
        compile_vega(expression, lv.LENS_PARAMS)
