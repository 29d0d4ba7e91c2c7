"""Integrity tests for the hand-curated datasets.

Covers data/summits.csv, leaders.csv, leader_terms.csv, dyads.csv, essays.csv and
references.bib.  The checks cross the tables (every participant is a known leader who held
an office on the day, every dyad and essay id resolves) and, where the Office of the
Historian XML is available beside the repository (../shared/data-sources), check every cited
OOH trip or visit id against it.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import xml.etree.ElementTree as ET
from datetime import date
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
OOH_DIR = ROOT / "data" / "sources"  # the Office of the Historian XML, committed
# The five essays are copyrighted: they cannot be in the repository. Tests that check line
# locators against them run where the plain-text copies are (TEACHKIT_SOURCES, or the
# workspace's ../shared/sources) and say why they skip elsewhere.
SOURCES_DIR = Path(os.environ.get("TEACHKIT_SOURCES", ROOT.parent / "shared" / "sources"))
ESSAYS_ABSENT = (
    "the essays are copyrighted and not in the repository: set TEACHKIT_SOURCES to a folder "
    "with their plain-text copies (essays.csv names the files) to check locators against them"
)

Row = dict[str, str]

# Participants allowed NOT to hold an office on a summit's start date.  Each entry needs a
# reason; the test then requires the leader to hold an office on some day of the meeting
# instead, and fails if the exception has become unnecessary.
OFFICE_EXCEPTIONS: dict[tuple[str, str], str] = {
    ("potsdam_1945", "attlee"): (
        "Attlee sat in the British delegation from the opening on 17 July 1945 but became "
        "Prime Minister only on 26 July, when the election result replaced Churchill."
    ),
}

# The works the book's essays cite or lean on; references.bib must contain all of them.
REQUIRED_BIB_KEYS = {
    "wheeler2018trusting": "Wheeler 2018, Trusting Enemies",
    "holmes2018face": "Holmes 2018, Face-to-Face Diplomacy",
    "holmes2020social": "Holmes and Wheeler 2020, Social bonding in diplomacy",
    "jervis1970logic": "Jervis 1970, The Logic of Images",
    "holsti1962belief": "Holsti 1962, The belief system and national images",
    "deutsch1957political": "Deutsch et al. 1957, Political Community",
    "collins2004interaction": "Collins 2004, Interaction Ritual Chains",
    "kahneman1979prospect": "Kahneman and Tversky 1979, Prospect theory",
    "kydd2005trust": "Kydd 2005, Trust and Mistrust",
    "axelrod1984evolution": "Axelrod 1984, The Evolution of Cooperation",
    "reagan1990american": "Reagan 1990, An American Life",
    "booth2008security": "Booth and Wheeler 2008, The Security Dilemma",
}
ESSAY_BIB_KEYS = {
    "brands2020personal",
    "spun2020copy",
    "wheeler2018oupblog",
    "anon2018cancelled",
    "wheeler2018bisa",
}

ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
OOH_RE = re.compile(r"^ooh-(president-trip|visit):(\d+)$")


@cache
def read(name: str) -> tuple[Row, ...]:
    """Read one CSV of data/ as a tuple of dicts (all values are strings)."""
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        return tuple(csv.DictReader(f))


def split(cell: str) -> list[str]:
    """Split a ';'-separated multi-valued cell (empty cell -> empty list)."""
    return [part for part in cell.split(";") if part] if cell else []


def day(value: str) -> date:
    return date.fromisoformat(value)


def summits() -> tuple[Row, ...]:
    return read("summits.csv")


def terms_by_leader() -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = {}
    for term in read("leader_terms.csv"):
        out.setdefault(term["leader_id"], []).append(term)
    return out


def in_office(terms: list[Row], first: date, last: date) -> bool:
    """True if one of the terms covers some day in [first, last]."""
    for term in terms:
        start = day(term["term_start"])
        end = day(term["term_end"]) if term["term_end"] else date.max
        if start <= last and end >= first:
            return True
    return False


# ------------------------------------------------------------------------------ summits


def test_summits_has_at_least_40_rows() -> None:
    assert len(summits()) >= 40


def test_summit_ids_are_unique_snake_case() -> None:
    ids = [row["id"] for row in summits()]
    assert len(ids) == len(set(ids)), "duplicate summit ids"
    bad = [i for i in ids if not ID_RE.match(i)]
    assert not bad, f"ids not in snake_case: {bad}"


def test_every_summit_has_a_source() -> None:
    for row in summits():
        assert row["source"].strip(), f"{row['id']}: empty source"
        is_ooh = bool(OOH_RE.match(row["source"]))
        assert is_ooh or row["source_url"].startswith("http"), (
            f"{row['id']}: a non-OOH source needs a source_url"
        )
        assert row["source_url"].startswith("http"), f"{row['id']}: no source_url"


def test_summit_dates_are_iso_and_ordered() -> None:
    for row in summits():
        start, end = day(row["start_date"]), day(row["end_date"])
        assert end >= start, f"{row['id']}: end_date before start_date"


def test_record_window_rows_cite_an_ooh_record() -> None:
    for row in summits():
        if row["date_basis"] in {"record_window", "visit_span"}:
            assert OOH_RE.match(row["ooh_record"]), (
                f"{row['id']}: dates taken from an OOH record window but no ooh_record"
            )


def test_verified_rows_say_what_was_checked() -> None:
    for name in ("summits.csv", "leaders.csv", "leader_terms.csv"):
        for row in read(name):
            assert row["verified"] in {"true", "false"}, f"{name} {row['id']}: verified"
            assert row["verification_note"].strip(), f"{name} {row['id']}: no note"


def test_multi_valued_cells_have_no_spaces() -> None:
    for row in summits():
        for column in ("participants", "essays", "ooh_record"):
            assert " " not in row[column], f"{row['id']}: spaces in {column}"


def test_participants_are_known_leaders() -> None:
    leader_ids = {row["id"] for row in read("leaders.csv")}
    for row in summits():
        people = split(row["participants"])
        assert len(people) >= 2, f"{row['id']}: fewer than two participants"
        assert len(people) == len(set(people)), f"{row['id']}: repeated participant"
        unknown = set(people) - leader_ids
        assert not unknown, f"{row['id']}: unknown leaders {unknown}"


def test_participants_held_office_on_the_start_date() -> None:
    terms = terms_by_leader()
    failures = []
    for row in summits():
        start, end = day(row["start_date"]), day(row["end_date"])
        for person in split(row["participants"]):
            key = (row["id"], person)
            if key in OFFICE_EXCEPTIONS:
                # The exception must still be needed, and the person must hold office
                # at some point during the meeting.
                assert not in_office(terms[person], start, start), (
                    f"exception {key} is no longer needed: remove it"
                )
                assert in_office(terms[person], start, end), (
                    f"{key}: not in office on any day of the meeting"
                )
                continue
            if not in_office(terms.get(person, []), start, start):
                failures.append(f"{row['id']}: {person} not in office on {start}")
    assert not failures, "\n".join(failures)


def test_office_exceptions_refer_to_real_rows() -> None:
    rows = {row["id"]: row for row in summits()}
    for summit_id, person in OFFICE_EXCEPTIONS:
        assert summit_id in rows
        assert person in split(rows[summit_id]["participants"])


def test_summit_dyads_exist_and_match_participants() -> None:
    dyads = {row["id"]: row for row in read("dyads.csv")}
    for row in summits():
        assert row["dyad"] in dyads, f"{row['id']}: unknown dyad {row['dyad']}"
        pair = dyads[row["dyad"]]
        people = set(split(row["participants"]))
        assert {pair["leader_a"], pair["leader_b"]} <= people, (
            f"{row['id']}: dyad {row['dyad']} leaders are not both participants"
        )


# ------------------------------------------------------------------------------ OOH XML


@cache
def ooh_records() -> dict[str, tuple[date, date]]:
    """Map 'ooh-president-trip:N' / 'ooh-visit:N' to the record's (start, end)."""
    out: dict[str, tuple[date, date]] = {}
    for path in sorted((OOH_DIR / "ooh-travels" / "president-travels").glob("*.xml")):
        for trip in ET.parse(path).getroot().iter("trip"):
            out[f"ooh-president-trip:{trip.findtext('id', '').strip()}"] = (
                day(trip.findtext("start-date", "").strip()),
                day(trip.findtext("end-date", "").strip()),
            )
    for path in sorted((OOH_DIR / "ooh-visits" / "data").glob("*.xml")):
        for visit in ET.parse(path).getroot().iter("visit"):
            out[f"ooh-visit:{visit.findtext('id', '').strip()}"] = (
                day(visit.findtext("start-date", "").strip()),
                day(visit.findtext("end-date", "").strip()),
            )
    return out


def cited_ooh_ids(row: Row) -> set[str]:
    return {cell for cell in (row["source"], row["ooh_record"]) if OOH_RE.match(cell)}


def test_ooh_ids_are_well_formed() -> None:
    for row in summits():
        if row["ooh_record"]:
            assert OOH_RE.match(row["ooh_record"]), f"{row['id']}: bad ooh_record"
        if row["source"].startswith("ooh"):
            assert OOH_RE.match(row["source"]), f"{row['id']}: bad OOH source id"
            assert row["ooh_record"] == row["source"], (
                f"{row['id']}: an OOH source must be repeated in ooh_record"
            )


def test_ooh_ids_exist_and_overlap_the_summit() -> None:
    records = ooh_records()
    assert len(records) > 1000, "OOH XML looks incomplete"
    for row in summits():
        start, end = day(row["start_date"]), day(row["end_date"])
        for ooh_id in cited_ooh_ids(row):
            assert ooh_id in records, f"{row['id']}: {ooh_id} not in the OOH XML"
            rec_start, rec_end = records[ooh_id]
            overlap = rec_start <= end and rec_end >= start
            assert overlap, (
                f"{row['id']}: {ooh_id} ({rec_start}..{rec_end}) does not overlap {start}..{end}"
            )


def test_record_window_dates_equal_the_ooh_record() -> None:
    records = ooh_records()
    for row in summits():
        if row["date_basis"] == "record_window":
            rec_start, rec_end = records[row["ooh_record"]]
            assert (day(row["start_date"]), day(row["end_date"])) == (rec_start, rec_end), (
                f"{row['id']}: record_window dates differ from {row['ooh_record']}"
            )


# ------------------------------------------------------------------------------ leaders


def test_leaders_and_terms_are_consistent() -> None:
    leaders = read("leaders.csv")
    ids = [row["id"] for row in leaders]
    assert len(ids) == len(set(ids)), "duplicate leader ids"
    terms = terms_by_leader()
    term_ids = [row["id"] for row in read("leader_terms.csv")]
    assert len(term_ids) == len(set(term_ids)), "duplicate term ids"
    assert set(terms) == set(ids), "leaders.csv and leader_terms.csv name different leaders"
    for leader in leaders:
        own = terms[leader["id"]]
        assert split(leader["term_ids"]) == [t["id"] for t in own], leader["id"]
        assert leader["term_start"] == min(t["term_start"] for t in own), leader["id"]
        open_terms = [t for t in own if not t["term_end"]]
        if open_terms:
            assert leader["term_end"] == "", leader["id"]
        else:
            assert leader["term_end"] == max(t["term_end"] for t in own), leader["id"]
    for term in read("leader_terms.csv"):
        assert ID_RE.match(term["id"]), term["id"]
        assert term["id"].startswith(term["leader_id"] + "_"), term["id"]
        if term["term_end"]:
            assert day(term["term_end"]) >= day(term["term_start"]), term["id"]
            assert term["term_end_status"] in {"ended", "reported_ended"}, term["id"]
        else:
            assert term["term_end_status"] == "open_at_last_check", term["id"]


def test_khamenei_is_supreme_leader_not_president() -> None:
    offices = [t["office"] for t in terms_by_leader()["khamenei"]]
    assert offices == ["Supreme Leader of Iran"]


# ------------------------------------------------------------------------------ dyads


def test_dyads_reference_leaders() -> None:
    leader_ids = {row["id"] for row in read("leaders.csv")}
    for row in read("dyads.csv"):
        assert row["id"] == f"{row['leader_a']}__{row['leader_b']}", row["id"]
        assert row["leader_a"] in leader_ids, row["id"]
        assert row["leader_b"] in leader_ids, row["id"]
        assert row["leader_a"] != row["leader_b"], row["id"]


def test_brief_dyads_are_present() -> None:
    ids = {row["id"] for row in read("dyads.csv")}
    for dyad in (
        "reagan__gorbachev",
        "bush_hw__gorbachev",
        "trump__kim_jong_un",
        "moon_jae_in__kim_jong_un",
        "vajpayee__sharif_nawaz",
        "vajpayee__musharraf",
        "kennedy__khrushchev",
        "eisenhower__khrushchev",
        "obama__khamenei",
        "brandt__stoph",
        "chamberlain__hitler",
        "trump__putin",
        "roosevelt_fd__stalin",
        "truman__stalin",
    ):
        assert dyad in ids, dyad


# ------------------------------------------------------------------------------ essays


def test_essays_table() -> None:
    essays = read("essays.csv")
    assert [row["id"] for row in essays] == [f"e00{i}" for i in range(5)]
    for row in essays:
        assert row["file"].startswith(row["id"][1:] + "_"), row["id"]
        assert re.match(r"^\d{4}(-\d{2}(-\d{2})?)?$", row["date"]), row["id"]
        precision = {4: "year", 7: "month", 10: "day"}[len(row["date"])]
        assert row["date_precision"] == precision, row["id"]


@pytest.mark.skipif(not SOURCES_DIR.is_dir(), reason=ESSAYS_ABSENT)
def test_essay_files_exist() -> None:
    for row in read("essays.csv"):
        assert (SOURCES_DIR / row["file"]).is_file(), row["file"]


def test_essay_ids_used_exist() -> None:
    known = {row["id"] for row in read("essays.csv")}
    for name in ("summits.csv", "dyads.csv"):
        for row in read(name):
            essays = split(row["essays"])
            assert set(essays) <= known, f"{name} {row['id']}: {set(essays) - known}"
            assert (row["essay_mention"] == "none") == (not essays), (
                f"{name} {row['id']}: essay_mention disagrees with essays"
            )


# ------------------------------------------------------------------------------ bibliography


def test_references_bib_parses_and_contains_the_named_works() -> None:
    pybtex_database = pytest.importorskip("pybtex.database")
    bib = pybtex_database.parse_file(str(DATA / "references.bib"))
    keys = set(bib.entries)
    missing = {k: v for k, v in REQUIRED_BIB_KEYS.items() if k not in keys}
    assert not missing, f"missing works: {missing}"
    assert keys >= ESSAY_BIB_KEYS, ESSAY_BIB_KEYS - keys
    assert bib.entries["holmes2020social"].fields["journal"] == "International Theory"
    assert bib.entries["kahneman1979prospect"].fields["journal"] == "Econometrica"
    for key, entry in bib.entries.items():
        assert entry.fields.get("title"), f"{key}: no title"


# ------------------------------------------------------------------------------ datapackage


OWN_RESOURCES = ("summits", "leaders", "leader_terms", "dyads", "essays")


def test_datapackage_resources_match_the_files() -> None:
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    resources = {res["name"]: res for res in package["resources"]}
    for name in OWN_RESOURCES:
        res = resources[name]
        raw = (DATA / res["path"]).read_bytes()
        assert res["bytes"] == len(raw), f"{name}: stale bytes"
        assert res["hash"] == "sha256:" + hashlib.sha256(raw).hexdigest(), f"{name}: stale hash"
        header = next(csv.reader(raw.decode("utf-8").splitlines()))
        fields = [field["name"] for field in res["schema"]["fields"]]
        assert header == fields, f"{name}: schema fields differ from the CSV header"
