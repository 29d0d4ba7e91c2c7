"""Integrity tests for data/trust_codings.csv and data/glossary.csv.

trust_codings.csv is the book's interpretation of Wheeler's stages of bonding trust for each case
episode (one row per episode and component). It is not a measurement; these tests check that the
coding is complete, internally consistent and sourced, and that each episode's `state` follows the
gating rule documented in datapackage.json (implemented below as `derive_state`).
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).resolve().parents[1] / "data"
SHARED = Path(__file__).resolve().parents[2] / "shared"  # ../shared beside the checkout
SOURCES = Path(os.environ.get("TEACHKIT_SOURCES", SHARED / "sources"))
OOH_TRAVELS = Path(
    os.environ.get("TEACHKIT_OOH_TRAVELS", DATA / "sources" / "ooh-travels" / "president-travels")
)

COMPONENTS = {
    "security_dilemma_sensibility": 1,
    "index_of_trustworthiness": 2,
    "positive_identification": 3,
    "humanization": 3,
}
STATES = {"no_trust", "calculative_trust", "bonded_trust", "decayed", "fake_bonding"}
DIRECTIONS = {"mutual", "a_to_b", "b_to_a", "none"}
ONE_SIDED = {"a_to_b", "b_to_a"}
CONFIDENCE = {"low", "medium", "high"}
BASIS = {"essay_explicit", "essay_inferred", "external_source", "no_evidence"}
MODES = {"face_to_face", "letters", "military_crisis"}
ESSAY_IDS = {"e000", "e001", "e002", "e003", "e004"}

# Episodes the book must code, with the state the book assigns (the chapters rely on these).
REQUIRED_EPISODES = {
    "reagan_gorbachev_geneva_1985": "calculative_trust",
    "reagan_gorbachev_reykjavik_1986": "bonded_trust",
    "vajpayee_sharif_lahore_1999": "bonded_trust",
    "vajpayee_sharif_kargil_1999": "decayed",
    "kennedy_khrushchev_vienna_1961": "no_trust",
    "obama_khamenei_letters_2009": "no_trust",
    "chamberlain_hitler_munich_1938": "fake_bonding",
    "trump_kim_singapore_2018": "fake_bonding",
    "trump_kim_hanoi_2019": "fake_bonding",
    "brandt_stoph_erfurt_1970": "no_trust",
}

REQUIRED_GLOSSARY_IDS = {
    "security_dilemma",
    "security_dilemma_sensibility",
    "index",
    "signal",
    "index_of_trustworthiness",
    "bonding_trust",
    "bonded_trust",
    "trust_as_suspension",
    "calculative_trust",
    "identity_transformation",
    "positive_identification",
    "humanization",
    "fake_bonding",
    "successor_problem",
    "security_community",
    "interaction_ritual",
    "emotional_energy",
    "face_to_face_diplomacy",
    "inherent_bad_faith_model",
    "costly_signal",
    "reassurance",
    "spiral_model",
    "deterrence_model",
    "shadow_of_the_future",
    "tit_for_tat",
    "domain_of_losses",
    "prospect_theory",
    "insecurity_dilemma",
    "individualistic_approach_to_trust",
    "social_interactionist_approach_to_trust",
    "personal_diplomacy",
    "summitry",
    "agreed_framework",
    "article_spinning",
    "provenance",
}

# Lines of the source copies that are not essay text (see shared/sources/README.md).
JUNK_LINES = {"e000": set(range(41, 43)), "e002": set(range(9, 22))}

ESSAY_LOCATOR = re.compile(r"^(e00[0-4])(?: line ([1-9][0-9]*))?$")
BIBKEY = re.compile(r"^[a-z]+[0-9]{4}[a-z]+$")
URL = re.compile(r"^https?://\S+$")
OOH = re.compile(r"^ooh-trip:([0-9]+)$")
SLUG = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*$")
DATE_BY_PRECISION = {
    "day": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "month": re.compile(r"^\d{4}-\d{2}$"),
    "year": re.compile(r"^\d{4}$"),
}


def read_csv(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def codings() -> list[dict[str, str]]:
    return read_csv("trust_codings.csv")


@pytest.fixture(scope="module")
def glossary() -> list[dict[str, str]]:
    return read_csv("glossary.csv")


@pytest.fixture(scope="module")
def episodes(codings) -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {}
    for row in codings:
        out.setdefault(row["episode_id"], []).append(row)
    return out


# --------------------------------------------------------------------------- gating rule


def derive_state(components: dict[str, tuple[int, str]], previous_state: str | None) -> str:
    """State implied by the four component codes; the first matching rule wins.

    components maps component -> (level, direction); previous_state is the state of the
    episode named in previous_episode_id (None if there is none).

    1. bonded_trust      all four components level >= 2 and direction mutual
    2. decayed           previous episode was bonded_trust, or was calculative_trust and the
                         index_of_trustworthiness is no longer (level >= 1 and mutual)
    3. fake_bonding      index_of_trustworthiness level >= 1 and one-sided (a_to_b / b_to_a)
    4. calculative_trust index_of_trustworthiness level >= 1 and mutual
    5. no_trust          otherwise
    """
    level = {c: lv for c, (lv, _) in components.items()}
    direction = {c: d for c, (_, d) in components.items()}
    idx = "index_of_trustworthiness"
    mutual_index = level[idx] >= 1 and direction[idx] == "mutual"
    if all(level[c] >= 2 and direction[c] == "mutual" for c in COMPONENTS):
        return "bonded_trust"
    if previous_state == "bonded_trust" or (
        previous_state == "calculative_trust" and not mutual_index
    ):
        return "decayed"
    if level[idx] >= 1 and direction[idx] in ONE_SIDED:
        return "fake_bonding"
    if mutual_index:
        return "calculative_trust"
    return "no_trust"


def _comps(sds=(0, "none"), idx=(0, "none"), pi=(0, "none"), hum=(0, "none")):
    return {
        "security_dilemma_sensibility": sds,
        "index_of_trustworthiness": idx,
        "positive_identification": pi,
        "humanization": hum,
    }


@pytest.mark.parametrize(
    ("components", "previous", "expected"),
    [
        (_comps((3, "mutual"), (3, "mutual"), (2, "mutual"), (3, "mutual")), None, "bonded_trust"),
        # one stage-3 component below 2 blocks bonding
        (
            _comps((3, "mutual"), (3, "mutual"), (1, "mutual"), (3, "mutual")),
            None,
            "calculative_trust",
        ),
        # a strong but one-sided component blocks bonding
        (
            _comps((3, "mutual"), (3, "mutual"), (3, "a_to_b"), (3, "mutual")),
            None,
            "calculative_trust",
        ),
        (_comps(idx=(2, "a_to_b")), None, "fake_bonding"),
        (_comps(idx=(1, "b_to_a")), None, "fake_bonding"),
        (_comps(sds=(2, "mutual")), None, "no_trust"),
        (_comps(), "bonded_trust", "decayed"),
        (_comps(idx=(1, "a_to_b")), "bonded_trust", "decayed"),
        (_comps(), "calculative_trust", "decayed"),
        (_comps(idx=(1, "mutual")), "calculative_trust", "calculative_trust"),
        (_comps(idx=(1, "a_to_b")), "fake_bonding", "fake_bonding"),
        (
            _comps((2, "mutual"), (2, "mutual"), (2, "mutual"), (2, "mutual")),
            "bonded_trust",
            "bonded_trust",
        ),
    ],
)
def test_derive_state_rule(components, previous, expected):
    assert derive_state(components, previous) == expected


# --------------------------------------------------------------------------- trust_codings.csv


def test_required_episodes_have_all_four_components(episodes):
    missing = set(REQUIRED_EPISODES) - set(episodes)
    assert not missing, f"episodes missing from trust_codings.csv: {sorted(missing)}"
    for episode_id, rows in episodes.items():
        comps = [r["component"] for r in rows]
        assert sorted(comps) == sorted(COMPONENTS), f"{episode_id}: components {comps}"


def test_primary_key_and_id(codings):
    keys = [(r["episode_id"], r["component"]) for r in codings]
    assert len(keys) == len(set(keys)), "duplicate (episode_id, component)"
    for r in codings:
        assert r["id"] == f"{r['episode_id']}__{r['component']}"
        assert SLUG.match(r["episode_id"]), r["episode_id"]


def test_enums(codings):
    for r in codings:
        assert r["component"] in COMPONENTS, r["id"]
        assert r["direction"] in DIRECTIONS, r["id"]
        assert r["confidence"] in CONFIDENCE, r["id"]
        assert r["state_confidence"] in CONFIDENCE, r["id"]
        assert r["state"] in STATES, r["id"]
        assert r["basis"] in BASIS, r["id"]
        assert r["interaction_mode"] in MODES, r["id"]
        assert r["date_verified"] in {"true", "false"}, r["id"]


def test_levels_in_range_and_direction_consistent(codings):
    for r in codings:
        level = int(r["level"])
        assert 0 <= level <= 3, r["id"]
        # level 0 means "not established": nobody holds it, so the direction is none, and vice versa
        assert (level == 0) == (r["direction"] == "none"), (
            f"{r['id']}: level {level}, {r['direction']}"
        )


def test_stage_matches_component(codings):
    for r in codings:
        assert int(r["stage"]) == COMPONENTS[r["component"]], r["id"]


def test_no_evidence_means_level_zero_low_confidence(codings):
    for r in codings:
        if r["basis"] == "no_evidence":
            assert r["level"] == "0", r["id"]
            assert r["confidence"] == "low", r["id"]


def test_episode_level_fields_constant(episodes):
    fields = [
        "episode_label",
        "dyad",
        "leader_a",
        "leader_b",
        "interaction_mode",
        "date",
        "date_precision",
        "date_verified",
        "date_source",
        "summit_id",
        "previous_episode_id",
        "state",
        "state_confidence",
        "state_rationale",
        "state_citation",
    ]
    for episode_id, rows in episodes.items():
        for f in fields:
            values = {r[f] for r in rows}
            assert len(values) == 1, f"{episode_id}: {f} differs between rows: {values}"


def test_each_episode_has_exactly_one_state(episodes):
    for episode_id, rows in episodes.items():
        assert len({r["state"] for r in rows}) == 1, episode_id


def test_book_states_of_required_episodes(episodes):
    for episode_id, expected in REQUIRED_EPISODES.items():
        assert episodes[episode_id][0]["state"] == expected, episode_id


def test_state_follows_gating_rule(episodes):
    states = {e: rows[0]["state"] for e, rows in episodes.items()}
    for episode_id, rows in episodes.items():
        comps = {r["component"]: (int(r["level"]), r["direction"]) for r in rows}
        prev_id = rows[0]["previous_episode_id"]
        prev_state = states[prev_id] if prev_id else None
        assert derive_state(comps, prev_state) == states[episode_id], (
            f"{episode_id}: coded {states[episode_id]}, "
            f"rule gives {derive_state(comps, prev_state)}"
        )


def test_previous_episode_is_earlier_same_dyad(episodes):
    for episode_id, rows in episodes.items():
        prev_id = rows[0]["previous_episode_id"]
        if not prev_id:
            continue
        assert prev_id in episodes, f"{episode_id}: unknown previous episode {prev_id}"
        prev = episodes[prev_id][0]
        assert prev["dyad"] == rows[0]["dyad"], episode_id
        assert prev["date"] < rows[0]["date"], episode_id


def test_dyad_is_leader_pair(codings):
    for r in codings:
        assert r["dyad"] == f"{r['leader_a']}__{r['leader_b']}", r["id"]


def test_dates_match_precision(codings):
    for r in codings:
        assert DATE_BY_PRECISION[r["date_precision"]].match(r["date"]), r["id"]
        if r["date_precision"] != "day":
            assert r["date_verified"] == "false", (
                f"{r['id']}: only day-precise dates count as verified"
            )
        assert r["date_source"].strip(), r["id"]


def test_summit_id_only_for_meetings(codings):
    for r in codings:
        if r["interaction_mode"] == "face_to_face":
            assert SLUG.match(r["summit_id"]), r["id"]
        else:
            assert r["summit_id"] == "", r["id"]


def _tokens(cell: str) -> list[str]:
    return [t for t in cell.split(";")]


def _check_citation(
    cell: str, where: str, *, need_line: bool, allow_ooh: bool = False
) -> list[tuple[str, int]]:
    """Validate a ';'-separated citation cell; return the (essay id, line) pairs it cites."""
    assert cell.strip(), f"{where}: empty citation"
    cited = []
    for tok in _tokens(cell):
        assert tok, f"{where}: empty token in {cell!r}"
        assert tok == tok.strip(), f"{where}: stray space in {cell!r}"
        m = ESSAY_LOCATOR.match(tok)
        if m:
            assert m.group(1) in ESSAY_IDS
            if need_line:
                assert m.group(2), f"{where}: essay citation {tok!r} needs a line locator"
            if m.group(2):
                cited.append((m.group(1), int(m.group(2))))
            continue
        if URL.match(tok) or BIBKEY.match(tok) or (allow_ooh and OOH.match(tok)):
            continue
        pytest.fail(f"{where}: unrecognised citation token {tok!r}")
    return cited


def _all_coding_citations(codings):
    cited = []
    for r in codings:
        cited += _check_citation(r["citation"], f"{r['id']} citation", need_line=True)
        cited += _check_citation(r["state_citation"], f"{r['id']} state_citation", need_line=True)
        cited += _check_citation(
            r["date_source"], f"{r['id']} date_source", need_line=True, allow_ooh=True
        )
    return cited


def test_citations_are_well_formed(codings):
    cited = _all_coding_citations(codings)
    # the spun copy (e001) is evidence about sources, never evidence about a case
    assert all(essay != "e001" for essay, _ in cited)
    for r in codings:
        assert "e001" not in r["citation"].split(";"), r["id"]


def test_evidence_present_and_short_quotes_only(codings):
    for r in codings:
        assert len(r["evidence"]) >= 40, f"{r['id']}: evidence too thin"
        for field in ("evidence", "state_rationale", "interpretation_note"):
            for quote in re.findall(r"\"([^\"]+)\"", r[field]):
                assert len(quote.split()) < 25, f"{r['id']}: quotation too long in {field}"


def _essay_lines(essay_id: str) -> list[str]:
    matches = sorted(SOURCES.glob(f"{essay_id[1:]}_*.txt"))
    assert len(matches) == 1, f"no single source file for {essay_id} in {SOURCES}"
    return matches[0].read_text(encoding="utf-8").splitlines()


@pytest.mark.skipif(
    not SOURCES.is_dir(),
    reason="the essays are copyrighted and not in the repository: set TEACHKIT_SOURCES",
)
def test_cited_essay_lines_are_essay_text(codings, glossary):
    cited = _all_coding_citations(codings)
    for essay_id, line in cited:
        lines = _essay_lines(essay_id)
        assert line <= len(lines), f"{essay_id} line {line} beyond end of file"
        assert lines[line - 1].strip(), f"{essay_id} line {line} is blank"
        assert line not in JUNK_LINES.get(essay_id, set()), (
            f"{essay_id} line {line} is not essay text"
        )


def test_ooh_trip_ids_exist(codings):
    ids = set()
    for xml in OOH_TRAVELS.glob("*.xml"):
        ids |= set(re.findall(r"<id>(\d+)</id>", xml.read_text(encoding="utf-8")))
    assert len(ids) > 500, f"the Office of the Historian XML is missing from {OOH_TRAVELS}"
    for r in codings:
        for tok in _tokens(r["date_source"]):
            m = OOH.match(tok)
            if m:
                assert m.group(1) in ids, f"{r['id']}: unknown OOH trip {tok}"


# --------------------------------------------------------------------------- glossary.csv


def test_glossary_ids_and_terms_unique(glossary):
    ids = [g["id"] for g in glossary]
    terms = [g["term"].casefold() for g in glossary]
    assert len(ids) == len(set(ids)), "duplicate glossary id"
    assert len(terms) == len(set(terms)), "duplicate glossary term"
    for g in glossary:
        assert SLUG.match(g["id"]), g["id"]
        assert g["term"], g["id"]
        assert g["term"].strip() == g["term"], g["id"]


def test_glossary_has_required_terms(glossary):
    missing = REQUIRED_GLOSSARY_IDS - {g["id"] for g in glossary}
    assert not missing, f"glossary lacks {sorted(missing)}"


def test_glossary_see_also_resolves(glossary):
    ids = {g["id"] for g in glossary}
    for g in glossary:
        if not g["see_also"]:
            continue
        refs = g["see_also"].split(";")
        assert len(refs) == len(set(refs)), g["id"]
        for ref in refs:
            assert ref in ids, f"{g['id']}: see_also {ref!r} is not a glossary id"
            assert ref != g["id"], f"{g['id']} refers to itself"


def test_glossary_sources_and_usage(glossary):
    for g in glossary:
        _check_citation(g["source"], f"glossary {g['id']} source", need_line=False)
        if g["used_in"]:
            for tok in g["used_in"].split(";"):
                assert tok in ESSAY_IDS, f"{g['id']}: used_in {tok!r}"


def test_glossary_definitions_are_short(glossary):
    for g in glossary:
        d = g["definition"]
        assert d, g["id"]
        assert d == d.strip(), g["id"]
        sentences = [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", d) if s]
        assert 1 <= len(sentences) <= 3, f"{g['id']}: {len(sentences)} sentences"


# --------------------------------------------------------------------------- datapackage.json


def _resource(name: str) -> dict[str, Any]:
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    matches: list[dict[str, Any]] = [r for r in package["resources"] if r.get("name") == name]
    assert len(matches) == 1, f"datapackage.json should describe {name} exactly once"
    return matches[0]


@pytest.mark.parametrize("name", ["trust_codings", "glossary"])
def test_datapackage_entry_matches_file(name):
    res = _resource(name)
    path = DATA / res["path"]
    raw = path.read_bytes()
    assert res["bytes"] == len(raw), f"{name}: bytes out of date"
    assert res["hash"] == "sha256:" + hashlib.sha256(raw).hexdigest(), f"{name}: hash out of date"
    with open(path, encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert [f["name"] for f in res["schema"]["fields"]] == header
    assert res["guidance"]["may_conclude"]
    assert res["guidance"]["may_not_conclude"]
    assert res["quirks"]


@pytest.mark.parametrize("name", ["trust_codings", "glossary"])
def test_datapackage_enums_cover_values(name):
    res = _resource(name)
    rows = read_csv(res["path"])
    for field in res["schema"]["fields"]:
        enum = field.get("constraints", {}).get("enum")
        if enum is None:
            continue
        used = {r[field["name"]] for r in rows} - {""}
        assert used <= set(enum), f"{name}.{field['name']}: values outside enum: {used - set(enum)}"


def test_datapackage_says_interpretation_not_measurement():
    res = _resource("trust_codings")
    phrase = "This is the book's interpretation, not a measurement."
    assert phrase in res["description"]
    level = next(f for f in res["schema"]["fields"] if f["name"] == "level")
    assert phrase in level["description"]
    assert level["constraints"]["minimum"] == 0
    assert level["constraints"]["maximum"] == 3
    assert res["schema"]["primaryKey"] == ["episode_id", "component"]


@pytest.mark.skipif(not (DATA / "references.bib").exists(), reason="references.bib not written yet")
def test_bibtex_keys_exist(codings, glossary):
    bib = (DATA / "references.bib").read_text(encoding="utf-8")
    known = set(re.findall(r"@\w+\s*\{\s*([^,\s]+)\s*,", bib))
    cells = [r["citation"] for r in codings] + [r["state_citation"] for r in codings]
    cells += [g["source"] for g in glossary]
    used = {t for cell in cells for t in cell.split(";") if BIBKEY.match(t)}
    assert used <= known, f"BibTeX keys missing from references.bib: {sorted(used - known)}"
