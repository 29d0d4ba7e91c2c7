"""Integrity tests for data/personal_diplomacy_scorecard.csv (the Brands scorecard).

Every check is a function that returns a list of problems, so that the same function is run
twice: on the real data (it must find nothing) and on a deliberately broken copy (it must
find the break). The second half shows that each test can fail.
"""

from __future__ import annotations

import copy
import csv
import hashlib
import json
import os
import re
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
ESSAY_FILE = (  # copyrighted: not in the repository (see test_curated_data.ESSAYS_ABSENT)
    Path(os.environ.get("TEACHKIT_SOURCES", ROOT.parent / "shared" / "sources"))
    / "000_af6c8978e8577385.txt"
)
NAME = "personal_diplomacy_scorecard"
N_OUTCOMES = 4
# Brands's column names six relationships and the oil deal; the book must cover all seven.
EXPECTED_IDS = {
    "trump__kim_jong_un",
    "trump__mohammed_bin_salman",
    "trump__duterte",
    "trump__erdogan",
    "trump__xi_jinping",
    "trump__putin",
    "opec_plus_2020",
}
# Lines of the stored essay that are not Brands's argument (author note and paywall appeal).
NOT_ARGUMENT_LINES = {39, 41, 42}
URL = re.compile(r"^https?://[^\s;]+$")
LOCATOR = re.compile(r"^e000 line ([0-9]+)$")

Row = dict[str, str]
Tables = dict[str, list[Row]]


@cache
def _read(name: str) -> tuple[Row, ...]:
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        return tuple(csv.DictReader(f))


def tables() -> Tables:
    """Fresh, mutable copies of the tables the checks use."""
    names = ("personal_diplomacy_scorecard", "summits", "leaders", "dyads", "essays")
    return {n: [dict(r) for r in _read(f"{n}.csv")] for n in names}


def split(cell: str) -> list[str]:
    return [part for part in cell.split(";") if part] if cell else []


def outcomes(row: Row) -> list[tuple[int, Row]]:
    """The filled outcome slots of a row as (k, {text, date, reading, sources, verified})."""
    found = []
    for k in range(1, N_OUTCOMES + 1):
        slot = {
            "text": row[f"outcome_{k}"],
            "date": row[f"outcome_{k}_date"],
            "reading": row[f"outcome_{k}_reading"],
            "sources": row[f"outcome_{k}_sources"],
            "verified": row[f"outcome_{k}_verified"],
        }
        if any(slot.values()):
            found.append((k, slot))
    return found


def essay_date(t: Tables) -> str:
    return next(e["date"] for e in t["essays"] if e["id"] == "e000")


# -- the checks ------------------------------------------------------------------------


def check_rows_cover_brands(t: Tables) -> list[str]:
    ids = [r["id"] for r in t[NAME]]
    problems = [f"duplicate id {i}" for i in sorted({i for i in ids if ids.count(i) > 1})]
    if set(ids) != EXPECTED_IDS:
        problems.append(f"ids {sorted(set(ids))} are not the seven cases {sorted(EXPECTED_IDS)}")
    return problems


def check_every_row_has_sourced_outcomes(t: Tables) -> list[str]:
    problems = []
    for row in t[NAME]:
        filled = outcomes(row)
        if len(filled) < 3:
            problems.append(f"{row['id']}: {len(filled)} outcomes, need at least 3")
        if [k for k, _ in filled] != list(range(1, len(filled) + 1)):
            problems.append(f"{row['id']}: outcome slots are not filled from 1 without gaps")
        for k, o in filled:
            where = f"{row['id']} outcome {k}"
            if not o["text"].strip() or not o["date"] or not o["reading"]:
                problems.append(f"{where}: text, date and reading are all required")
            urls = split(o["sources"])
            if not urls or not all(URL.match(u) for u in urls):
                problems.append(f"{where}: needs one or more source URLs, got {o['sources']!r}")
            if o["verified"] not in ("true", "false"):
                problems.append(f"{where}: verified must be true or false")
            if "japantimes.co.jp" in o["sources"]:
                problems.append(f"{where}: cites Brands's own essay; outcomes need other sources")
    return problems


def check_outcome_dates(t: Tables) -> list[str]:
    problems = []
    for row in t[NAME]:
        days = [date.fromisoformat(o["date"]) for _, o in outcomes(row) if o["date"]]
        if days != sorted(days):
            problems.append(f"{row['id']}: outcomes are not in date order")
        if any(d > date.today() or d.year < 2016 for d in days):
            problems.append(f"{row['id']}: an outcome date is outside 2016..today")
    return problems


def check_row_verified_flag(t: Tables) -> list[str]:
    problems = []
    for row in t[NAME]:
        flags = [o["verified"] for _, o in outcomes(row)]
        if row["verified"] == "true" and "false" in flags:
            problems.append(f"{row['id']}: verified=true but an outcome is unverified")
        if "false" in flags and "unverified" not in row["verification_note"].lower():
            problems.append(f"{row['id']}: an unverified outcome needs a note saying so")
    return problems


def check_meeting_counts(t: Tables) -> list[str]:
    problems = []
    cutoff = essay_date(t)
    by_id = {s["id"]: s for s in t["summits"]}
    for row in t[NAME]:
        listed = split(row["summit_ids"])
        mine = [s for s in t["summits"] if row["dyad"] and s["dyad"] == row["dyad"]]
        expected = [s["id"] for s in sorted(mine, key=lambda s: (s["start_date"], s["id"]))]
        if listed != expected:
            problems.append(f"{row['id']}: summit_ids {listed} != summits.csv rows {expected}")
        unknown = [i for i in listed if i not in by_id]
        if unknown:
            problems.append(f"{row['id']}: unknown summit ids {unknown}")
        if int(row["meetings_all"]) != len(mine):
            problems.append(f"{row['id']}: meetings_all {row['meetings_all']} != {len(mine)}")
        before = sum(s["start_date"] <= cutoff for s in mine)
        if int(row["meetings_to_essay"]) != before:
            problems.append(f"{row['id']}: meetings_to_essay is {row['meetings_to_essay']}")
    return problems


def check_ids_resolve(t: Tables) -> list[str]:
    problems = []
    leaders = {r["id"] for r in t["leaders"]}
    dyads = {r["id"]: r for r in t["dyads"]}
    for row in t[NAME]:
        counterparts = split(row["counterpart_ids"])
        missing = [c for c in counterparts if c not in leaders]
        if not counterparts or missing:
            problems.append(f"{row['id']}: counterparts {missing or counterparts} not in leaders")
        if row["kind"] == "deal":
            if row["dyad"] or row["summit_ids"]:
                problems.append(f"{row['id']}: a deal has no dyad and no summits")
            continue
        dyad = dyads.get(row["dyad"])
        if dyad is None:
            problems.append(f"{row['id']}: dyad {row['dyad']!r} not in dyads.csv")
            continue
        if row["id"] != row["dyad"] or dyad["leader_a"] != "trump":
            problems.append(f"{row['id']}: a relationship row is keyed by its trump__ dyad")
        if counterparts != [dyad["leader_b"]]:
            problems.append(f"{row['id']}: counterpart {counterparts} != dyad's {dyad['leader_b']}")
        if "e000" not in split(dyad["essays"]):
            problems.append(f"{row['id']}: dyads.csv does not list e000 for {row['dyad']}")
    return problems


def check_locators(t: Tables, essay_lines: list[str]) -> list[str]:
    problems = []
    for row in t[NAME]:
        for loc in split(row["brands_locator"]):
            m = LOCATOR.match(loc)
            n = int(m.group(1)) if m else 0
            if not m or not 1 <= n <= len(essay_lines):
                problems.append(f"{row['id']}: locator {loc!r} is not a line of the essay")
            elif n in NOT_ARGUMENT_LINES or not essay_lines[n - 1].strip():
                problems.append(f"{row['id']}: locator {loc!r} points at a blank or non-essay line")
    return problems


def check_fairness(t: Tables) -> list[str]:
    """Both sides get their case: a force-multiplier case, and not only sceptic readings."""
    problems = []
    for row in t[NAME]:
        readings = {o["reading"] for _, o in outcomes(row)}
        if readings <= {"sceptic"}:
            problems.append(f"{row['id']}: every outcome is read as sceptic; find the other side")
        if len(row["force_multiplier_case"].split()) < 15:
            problems.append(f"{row['id']}: the force-multiplier case is missing or too thin")
        verdict = f"Verdict: {row['interpretation_verdict'].replace('_', ' ')}."
        if not row["interpretation_assessment"].rstrip().endswith(verdict):
            problems.append(f"{row['id']}: the assessment must end with its verdict code")
    return problems


def check_no_long_quotes(t: Tables, essay_text: str) -> list[str]:
    """Paraphrase, not copy: no run of 12 or more words from the essay in any cell."""
    words = re.findall(r"[a-z0-9']+", essay_text.lower().replace("\u2019", "'"))
    grams = {tuple(words[i : i + 12]) for i in range(len(words) - 11)}
    problems = []
    for row in t[NAME]:
        for column, cell in row.items():
            cw = re.findall(r"[a-z0-9']+", cell.lower().replace("\u2019", "'"))
            if any(tuple(cw[i : i + 12]) in grams for i in range(len(cw) - 11)):
                problems.append(f"{row['id']}: {column} copies 12+ words of the essay")
    return problems


# -- tests on the real data ----------------------------------------------------------------


@pytest.fixture(scope="module")
def essay_lines() -> list[str]:
    if not ESSAY_FILE.exists():
        pytest.skip(
            "the essays are copyrighted and not in the repository: set TEACHKIT_SOURCES to "
            "a folder with their plain-text copies"
        )
    return ESSAY_FILE.read_text(encoding="utf-8").splitlines()


SIMPLE_CHECKS: list[Callable[[Tables], list[str]]] = [
    check_rows_cover_brands,
    check_every_row_has_sourced_outcomes,
    check_outcome_dates,
    check_row_verified_flag,
    check_meeting_counts,
    check_ids_resolve,
    check_fairness,
]


@pytest.mark.parametrize("check", SIMPLE_CHECKS, ids=lambda c: c.__name__)
def test_check_passes_on_the_data(check: Callable[[Tables], list[str]]) -> None:
    assert check(tables()) == []


def test_locators_point_into_the_essay(essay_lines: list[str]) -> None:
    assert check_locators(tables(), essay_lines) == []


def test_claims_are_paraphrased(essay_lines: list[str]) -> None:
    assert check_no_long_quotes(tables(), "\n".join(essay_lines)) == []


def test_every_row_is_verified() -> None:
    unverified = [r["id"] for r in tables()[NAME] if r["verified"] != "true"]
    assert unverified == [], "unverified rows: settle them or say so in the chapter"


def test_loads_with_teachkit_and_is_typed() -> None:
    import teachkit as tk

    df = tk.load(NAME)
    assert len(df) == len(EXPECTED_IDS)
    assert str(df["outcome_1_date"].dtype).startswith("datetime64")
    assert df["interpretation_verdict"].cat.ordered
    assert set(df["outcome_1_reading"].cat.categories) == {
        "sceptic",
        "multiplier",
        "mixed",
        "context",
    }


def test_descriptor_entry() -> None:
    dp = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    res = next(r for r in dp["resources"] if r["name"] == NAME)
    raw = (DATA / res["path"]).read_bytes()
    assert res["hash"] == "sha256:" + hashlib.sha256(raw).hexdigest()
    assert res["bytes"] == len(raw)
    assert res["quirks"]
    assert set(res["guidance"]) == {"may_conclude", "may_not_conclude"}
    fields = {f["name"]: f for f in res["schema"]["fields"]}
    with (DATA / res["path"]).open(encoding="utf-8", newline="") as f:
        assert next(csv.reader(f)) == list(fields)
    for name, field in fields.items():
        assert field.get("description"), name
        if name.endswith("_reading") or name.startswith("interpretation_"):
            assert "INTERPRETATION" in field["description"], name
    assert raw.endswith(b"\n")
    assert b"\r" not in raw


# -- the checks can fail -------------------------------------------------------------------


def _row(t: Tables, row_id: str) -> Row:
    return next(r for r in t[NAME] if r["id"] == row_id)


def _break(mutate: Callable[[Tables], object]) -> Tables:
    t = copy.deepcopy(tables())
    mutate(t)
    return t


BREAKS: dict[str, tuple[Callable[[Tables], list[str]], Callable[[Tables], object]]] = {
    "missing_row": (check_rows_cover_brands, lambda t: t[NAME].pop()),
    "no_source": (
        check_every_row_has_sourced_outcomes,
        lambda t: _row(t, "trump__putin").update(outcome_2_sources=""),
    ),
    "essay_as_source": (
        check_every_row_has_sourced_outcomes,
        lambda t: _row(t, "trump__duterte").update(
            outcome_1_sources="https://www.japantimes.co.jp/opinion/2020/04/24/x/"
        ),
    ),
    "gap_in_slots": (
        check_every_row_has_sourced_outcomes,
        lambda t: _row(t, "trump__kim_jong_un").update(
            outcome_2="",
            outcome_2_date="",
            outcome_2_reading="",
            outcome_2_sources="",
            outcome_2_verified="",
        ),
    ),
    "dates_out_of_order": (
        check_outcome_dates,
        lambda t: _row(t, "trump__xi_jinping").update(outcome_1_date="2020-12-31"),
    ),
    "verified_but_not": (
        check_row_verified_flag,
        lambda t: _row(t, "trump__erdogan").update(outcome_3_verified="false"),
    ),
    "count_off_by_one": (
        check_meeting_counts,
        lambda t: _row(t, "trump__xi_jinping").update(meetings_all="5"),
    ),
    "summit_added_elsewhere": (
        check_meeting_counts,
        lambda t: t["summits"].append(
            {
                **t["summits"][-1],
                "id": "new_2019",
                "dyad": "trump__erdogan",
                "start_date": "2019-12-04",
            }
        ),
    ),
    "after_essay_counted": (
        check_meeting_counts,
        lambda t: _row(t, "trump__putin").update(meetings_to_essay="3"),
    ),
    "unknown_leader": (
        check_ids_resolve,
        lambda t: _row(t, "opec_plus_2020").update(counterpart_ids="salman;putin"),
    ),
    "wrong_counterpart": (
        check_ids_resolve,
        lambda t: _row(t, "trump__putin").update(counterpart_ids="xi_jinping"),
    ),
    "one_sided": (
        check_fairness,
        lambda t: _row(t, "trump__putin").update(outcome_4_reading="sceptic"),
    ),
    "verdict_mismatch": (
        check_fairness,
        lambda t: _row(t, "trump__erdogan").update(interpretation_verdict="leans_sceptic"),
    ),
}


@pytest.mark.parametrize("case", sorted(BREAKS))
def test_checks_catch_broken_copies(case: str) -> None:
    check, mutate = BREAKS[case]
    assert check(_break(mutate)) != []


def test_locator_check_catches_bad_lines(essay_lines: list[str]) -> None:
    for bad in ("e000 line 999", "e000 line 42", "e000 line 2"):
        t = tables()
        _row(t, "trump__duterte")["brands_locator"] = bad
        assert check_locators(t, essay_lines) != [], bad


def test_quote_check_catches_copying(essay_lines: list[str]) -> None:
    copied = essay_lines[16]  # a sentence of Brands's, pasted whole
    t = _break(lambda t: _row(t, "trump__putin").update(brands_claim=copied))
    assert check_no_long_quotes(t, "\n".join(essay_lines)) != []
