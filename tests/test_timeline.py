"""The summits timeline: lanes, the pair filter and era brush bound in the spec, and its table."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from bookhelpers import walk

from teachkit.charts import timeline
from teachkit.charts.explorable import META_PREFIX, chart_meta
from teachkit.data._loader import load

DASH = "\u2013"  # the en dash of dyads.csv labels
OKABE_ITO = {"#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}


@pytest.fixture(scope="module")
def summits() -> Any:
    frame = load("summits")
    labels = dict(zip(load("dyads")["id"], load("dyads")["label"], strict=True))
    frame["pair"] = [labels[str(d)] for d in frame["dyad"]]
    return frame.sort_values(["start_date", "end_date", "id"]).reset_index(drop=True)


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return timeline.summit_timeline().to_dict()


def meta_table(spec: dict[str, Any]) -> dict[str, Any]:
    (meta,) = chart_meta(spec)
    found: dict[str, Any] = meta["table"]
    return found


def param_names(spec: dict[str, Any]) -> list[str]:
    return sorted(p["name"] for p in spec["params"] if not p["name"].startswith(META_PREFIX))


def lanes_in_order(frame: Any) -> list[str]:
    first = frame.groupby("pair")["start_date"].min().sort_values(kind="stable")
    return list(first.index)


def test_one_lane_per_pair_in_order_of_first_meeting(spec: dict[str, Any], summits: Any) -> None:
    sorts = [e["sort"] for e in walk(spec) if e.get("field") == "pair" and "sort" in e]
    assert sorts
    assert all(s == lanes_in_order(summits) for s in sorts)
    assert sorts[0][:2] == [f"Chamberlain{DASH}Hitler", f"Roosevelt{DASH}Stalin"]


def test_pair_menu_is_bound_with_every_pair(spec: dict[str, Any], summits: Any) -> None:
    (pair,) = [p for p in spec["params"] if p["name"] == "pair"]
    bind = pair["bind"]
    assert bind["input"] == "select"
    assert bind["name"].strip()
    assert bind["options"][0] == "All"
    assert bind["labels"][0] == "All pairs"
    assert set(bind["options"][1:]) == set(summits["pair"])
    assert len(bind["labels"]) == len(bind["options"])
    filters = [t["filter"] for t in walk(spec) if isinstance(t.get("filter"), str)]
    assert any("(pair == 'All' || datum.pair == pair)" in f for f in filters)


def test_year_sliders_give_keyboard_users_the_era(spec: dict[str, Any], summits: Any) -> None:
    """The brush needs a pointer; the From/To year sliders filter the same marks."""
    params = {p["name"]: p for p in spec["params"]}
    first, last = summits["start_date"].min().year, summits["end_date"].max().year
    for name, value in (("from_year", first), ("to_year", last)):
        bind = params[name]["bind"]
        assert bind["input"] == "range"
        assert (bind["min"], bind["max"], bind["step"]) == (first, last, 1)
        assert bind["name"].strip()
        assert params[name]["value"] == value
    filters = [t["filter"] for t in walk(spec) if isinstance(t.get("filter"), str)]
    assert any("year(datum.start) <= max(from_year, to_year)" in f for f in filters)


def test_year_sliders_set_the_wrong_way_round_still_show_that_era() -> None:
    """From after To is read as the same era, not as an empty chart (whose empty mark
    groups also lose their accessible names)."""
    import vl_convert

    chart = timeline.summit_timeline(dyads=["trump__kim_jong_un"]).to_dict()
    drawn = {}
    for order in ((2018, 2019), (2019, 2018)):
        spec = json.loads(json.dumps(chart))
        for param in spec["params"]:
            if param["name"] in ("from_year", "to_year"):
                param["value"] = order[param["name"] == "to_year"]
        svg = vl_convert.vegalite_to_svg(spec, vl_version="6.4")
        drawn[order] = svg.count('aria-label="start:')
    assert drawn[(2018, 2019)] == drawn[(2019, 2018)] > 0


def _start_domains(spec: dict[str, Any]) -> list[Any]:
    """The computed (expression) domains of every x scale on the meetings' start dates."""
    return [
        e["scale"]["domain"]
        for e in walk(spec)
        if "scale" in e
        and e.get("field") == "start"
        and all(isinstance(end, dict) for end in e["scale"].get("domain", [0]))
    ]


def test_era_brush_scales_the_main_timeline(spec: dict[str, Any]) -> None:
    brushes = [p for view in walk(spec) for p in view.get("params", []) if p.get("name") == "era"]
    assert len(brushes) == 1
    assert brushes[0]["select"] == {"type": "interval", "encodings": ["x"]}
    domains = _start_domains(spec)
    zoomed = [d for d in domains if all("era.start ?" in end["expr"] for end in d)]
    assert zoomed, "the brushed era sets the main timeline's domain"
    assert all("from_year" in end["expr"] for d in zoomed for end in d)
    titles = json.dumps(spec)
    assert "Drag across this strip" in titles


def test_tooltips_give_title_dates_place_outcome_and_source(spec: dict[str, Any]) -> None:
    points = [v for v in walk(spec) if v.get("mark", {}).get("type") == "point"]
    assert points
    fields = {t["field"] for t in points[0]["encoding"]["tooltip"]}
    assert {"title", "dates", "place", "outcome", "source"} <= fields


def test_kind_has_shape_and_okabe_ito_colour(spec: dict[str, Any]) -> None:
    encodings = [v["encoding"] for v in walk(spec) if "shape" in v.get("encoding", {})]
    assert encodings
    enc = encodings[0]
    assert enc["shape"]["field"] == enc["color"]["field"] == "kind"
    assert set(enc["color"]["scale"]["range"]) <= OKABE_ITO
    assert len(set(enc["shape"]["scale"]["range"])) == len(enc["shape"]["scale"]["range"])
    colours = set(re.findall(r"#[0-9A-Fa-f]{6}", json.dumps(spec)))
    assert colours <= OKABE_ITO


def test_essay_dates_are_marked_and_month_only_dates_say_so() -> None:
    spec = timeline.summit_timeline(dyads="trump__kim_jong_un").to_dict()
    essays = load("essays")
    in_era = essays[essays["date"].str[:4].isin(["2018", "2019"])]
    datasets = [rows for rows in spec["datasets"].values() if rows and "essay" in rows[0]]
    assert len(datasets) == 1
    rows = {r["essay"]: r for r in datasets[0]}
    assert set(rows) == set(in_era["id"])
    for e in in_era.itertuples():
        row = rows[e.id]
        assert row["start"].startswith(e.date)
        assert row["exact_day"] == (e.date_precision == "day")
        if e.date_precision == "month":
            assert "month only" in row["date"]
    rules = [
        v
        for v in walk(spec)
        if v.get("mark", {}).get("type") == "rule" and v.get("mark", {}).get("color") == "#000000"
    ]
    assert rules, "day-precision essays are drawn as rules"
    bands = [v for v in walk(spec) if v.get("mark", {}).get("strokeDash") == [3, 2]]
    assert bands, "month-precision essays are drawn as dashed bands"


def test_essays_are_named_in_words_one_row_each() -> None:
    """Each essay has its own row, labelled by author, date and title (not its id), so
    labels cannot overlap; essays published outside the era are left out and counted."""
    spec = timeline.summit_timeline(dyads="trump__kim_jong_un").to_dict()
    (rows,) = [rows for rows in spec["datasets"].values() if rows and "essay" in rows[0]]
    labels = [r["label"] for r in rows]
    assert len(set(labels)) == len(labels)
    for row in rows:
        assert row["essay"] not in row["label"]
        assert row["title"] in row["label"]
    assert "Wheeler, Apr 2018: " in labels[0]
    assert not any(label.startswith("author unknown") for label in labels)
    sorts = [e["sort"] for e in walk(spec) if e.get("field") == "label" and "sort" in e]
    assert sorts
    assert all(s == labels for s in sorts)
    assert "2 more were published outside it" in spec["description"]


def test_the_axis_runs_over_the_meetings_not_the_essays() -> None:
    """Reagan-Gorbachev (1985-1988) is not stretched to the essays' 2018-2020."""
    import vl_convert

    spec = timeline.summit_timeline(dyads="reagan__gorbachev").to_dict()
    svg = vl_convert.vegalite_to_svg(spec, vl_version="6.4")
    years = {int(y) for y in re.findall(r">((?:19|20)\d\d)<", svg)}
    assert years
    assert max(years) <= 1990
    assert "None of the source essays was published in this era" in spec["description"]
    for order in ((1986, 1987), (1987, 1986)):  # the sliders rescale the axis, either way round
        moved = json.loads(json.dumps(spec))
        for param in moved["params"]:
            if param["name"] in ("from_year", "to_year"):
                param["value"] = order[param["name"] == "to_year"]
        svg = vl_convert.vegalite_to_svg(moved, vl_version="6.4")
        shown = {int(y) for y in re.findall(r">((?:19|20)\d\d)<", svg)}
        assert shown
        assert min(shown) >= 1986
        assert max(shown) <= 1988


def test_the_zoom_strip_has_the_timelines_scale(spec: dict[str, Any]) -> None:
    domains = _start_domains(spec)
    unzoomed = [[end["expr"].split(" : ")[-1] for end in d] for d in domains]
    assert len({json.dumps(d) for d in unzoomed}) == 1


def test_description_and_table_alternative(spec: dict[str, Any], summits: Any) -> None:
    assert f"{len(summits)} meetings" in spec["description"]
    table = meta_table(spec)
    assert table["columns"][:4] == ["Dates", "Pair", "Title", "Place"]
    assert "Source" in table["columns"]
    assert len(table["rows"]) == len(summits)
    for row, s in zip(table["rows"], summits.itertuples(), strict=True):
        assert row[0].startswith(s.start_date.date().isoformat())
        assert row[1] == s.pair
        assert row[2] == s.title
        assert row[3].startswith(s.place)
        assert row[5] == s.source


def test_summit_table_has_the_same_rows_as_the_chart(spec: dict[str, Any]) -> None:
    table = timeline.summit_table()
    assert table.values.tolist() == meta_table(spec)["rows"]
    assert list(table.columns) == meta_table(spec)["columns"]


def test_dyads_and_window_select_rows(summits: Any) -> None:
    table = timeline.summit_table(dyads=["Reagan-Gorbachev", "bush_hw__gorbachev"])
    wanted = summits[summits["dyad"].isin(["reagan__gorbachev", "bush_hw__gorbachev"])]
    assert list(table["Title"]) == list(wanted["title"])
    spec = timeline.summit_timeline(dyads="trump__kim_jong_un", start="2018", end=2019).to_dict()
    rows = meta_table(spec)["rows"]
    assert [r[2] for r in rows] == [
        "Singapore Summit",
        "Hanoi Summit",
        "Trump-Kim meeting at Panmunjom",
    ]
    narrow = timeline.summit_table(start=dt.date(1985, 11, 20), end="1985-11-20")
    assert list(narrow["Title"]) == ["Geneva Summit"]  # overlapping meetings are kept
    (pair,) = [p for p in spec["params"] if p["name"] == "pair"]
    assert pair["bind"]["options"] == ["All", f"Trump{DASH}Kim"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"dyads": "reagan__gorbachov"},
            r"dyads must be one of .*\(got 'reagan__gorbachov'\); did you mean 'reagan__gorbachev'",
        ),
        (
            {"dyads": ["Trump-Kim", "Nixon-Mao"]},
            r"dyads must be one of 'chamberlain__hitler', .* \(got 'Nixon-Mao'\)",
        ),
        (
            {"dyads": "obama__khamenei"},
            rf"Obama{DASH}Khamenei \(obama__khamenei\) has no meeting in the summits table",
        ),
        ({"dyads": []}, r"at least one pair"),
        (
            {"start": "1990-01-01", "end": "1980-01-01"},
            r"start \(1990-01-01\) is after end \(1980-01-01\)",
        ),
        ({"start": "last spring"}, r"start must be a date"),
        ({"dyads": "brandt__stoph", "start": 1990}, r"no summit of the chosen pairs"),
    ],
)
def test_bad_input_says_what_is_valid(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        timeline.summit_timeline(**kwargs)
    with pytest.raises(ValueError, match=message):
        timeline.summit_table(**kwargs)


def test_a_single_year_gets_no_year_sliders() -> None:
    """Sliders that cannot move would be dead controls."""
    spec = timeline.summit_timeline(dyads=["chamberlain__hitler"]).to_dict()
    assert param_names(spec) == ["era", "pair"]
    (meta,) = chart_meta(spec)
    assert [c["param"] for c in meta["controls"]] == ["pair"]


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"dyads": 3}, TypeError, r"dyads must be a pair id or label .* or None .*got int 3"),
        ({"dyads": [3]}, TypeError, r"dyads must be a string"),
        ({"start": 99999}, ValueError, r"start must be a date: an ISO string .*got 99999"),
        ({"end": "99999"}, ValueError, r"end must be a date: .*a year from 1 to 9999"),
        ({"start": 1985.5}, TypeError, r"start must be a date: .*got float 1985.5"),
        ({"start": True}, TypeError, r"start must be a date"),
    ],
)
def test_hostile_input_names_the_argument_and_the_valid_form(
    kwargs: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        timeline.summit_table(**kwargs)
    with pytest.raises(error, match=message):
        timeline.summit_timeline(**kwargs)


def test_date_notes_come_from_the_data_package(spec: dict[str, Any]) -> None:
    """What a record_window date means is read from datapackage.json, not written in code."""
    from teachkit.data.records import value_notes

    note = value_notes("summits", "date_basis")["record_window"]
    assert "Office of the Historian" in note
    rows = [r for rows in spec["datasets"].values() for r in rows if "date_note" in r]
    london = [r for r in rows if r.get("id") == "london_1991"]
    assert london
    assert london[0]["date_note"] == note


def test_no_configure_so_the_chart_concatenates() -> None:
    import altair as alt

    assert timeline.summit_timeline().config is alt.Undefined
    both = alt.hconcat(
        timeline.summit_timeline(dyads="trump__kim_jong_un"), alt.Chart().mark_point()
    )
    assert both.to_dict()
