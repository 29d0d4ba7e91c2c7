"""The model explorables: bound controls, text alternatives, page weight, one home for the maths.

Every Vega expression a chart evaluates in the browser is translated to Python
by a tiny whitelisted translator below and compared, over a grid of settings,
with the function in teachkit.models that it mirrors.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import pytest
from bookhelpers import walk

from teachkit import models as m
from teachkit.charts import axelrod as ac
from teachkit.charts import holsti as hc
from teachkit.charts import kydd as kc
from teachkit.charts import richardson as rc
from teachkit.charts import theme
from teachkit.charts.explorable import Calculation, chart_meta, lit, string, wrapped

TOL = 1e-9
BUDGET = 100_000  # bytes of inline JSON per chart

# ================================================================ a tiny Vega-to-Python translator

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<number>(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?)
      | (?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
      | (?P<name>[A-Za-z_]\w*)
      | (?P<op>===|!==|==|!=|<=|>=|&&|\|\||[-+*/()<>?:!,.])
    )""",
    re.VERBOSE,
)
_FUNCTIONS = {
    "pow": "_pow",
    "exp": "_exp",
    "abs": "_abs",
    "min": "_min",
    "max": "_max",
    "clamp": "_clamp",
    "format": "_format",
    "isValid": "_is_valid",
    "regexp": "_regexp",
    "replace": "_replace",
    "trim": "_trim",
}
_CONSTANTS = {"null": "None", "true": "True", "false": "False"}

FORMAL_CARDS = {key: card for key, card in m.model_cards().items() if key != "wheeler"}


def _tokens(source: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    while pos < len(source):
        if not source[pos:].strip():
            break
        match = _TOKEN.match(source, pos)
        if match is None or match.end() == pos:
            raise SyntaxError(f"not in the whitelisted Vega subset at {source[pos : pos + 20]!r}")
        kind = match.lastgroup
        assert kind is not None
        out.append((kind, match.group(kind)))
        pos = match.end()
    return out


def _js_string(literal: str) -> str:
    inner = literal[1:-1]
    if literal[0] == "'":
        inner = inner.replace("\\'", "'").replace('"', '\\"')
    decoded = json.loads(f'"{inner}"')
    assert isinstance(decoded, str)
    return decoded


class _Parser:
    """Recursive descent over JavaScript precedence; emits a Python expression."""

    def __init__(self, source: str, params: Sequence[str]) -> None:
        self.toks = _tokens(source)
        self.i = 0
        self.params = set(params)

    def peek(self) -> str | None:
        return self.toks[self.i][1] if self.i < len(self.toks) else None

    def take(self, expected: str | None = None) -> tuple[str, str]:
        if self.i >= len(self.toks):
            raise SyntaxError("unexpected end of expression")
        tok = self.toks[self.i]
        if expected is not None and tok[1] != expected:
            raise SyntaxError(f"expected {expected!r}, got {tok[1]!r}")
        self.i += 1
        return tok

    def parse(self) -> str:
        out = self.ternary()
        if self.i != len(self.toks):
            raise SyntaxError(f"unexpected {self.peek()!r}")
        return out

    def ternary(self) -> str:
        test = self.logical_or()
        if self.peek() == "?":
            self.take("?")
            yes = self.ternary()
            self.take(":")
            no = self.ternary()
            return f"({yes} if _truthy({test}) else {no})"
        return test

    def logical_or(self) -> str:
        left = self.logical_and()
        while self.peek() == "||":
            self.take()
            right = self.logical_and()
            left = f"({left} if _truthy({left}) else {right})"
        return left

    def logical_and(self) -> str:
        left = self.equality()
        while self.peek() == "&&":
            self.take()
            right = self.equality()
            left = f"({right} if _truthy({left}) else {left})"
        return left

    def equality(self) -> str:
        left = self.relational()
        while self.peek() in ("==", "===", "!=", "!=="):
            op = self.take()[1]
            right = self.relational()
            left = f"_eq({left}, {right})" if op in ("==", "===") else f"(not _eq({left}, {right}))"
        return left

    def relational(self) -> str:
        left = self.additive()
        while self.peek() in ("<", "<=", ">", ">="):
            op = self.take()[1]
            right = self.additive()
            left = f"_cmp({op!r}, {left}, {right})"
        return left

    def additive(self) -> str:
        left = self.multiplicative()
        while self.peek() in ("+", "-"):
            op = self.take()[1]
            right = self.multiplicative()
            left = f"{'_add' if op == '+' else '_sub'}({left}, {right})"
        return left

    def multiplicative(self) -> str:
        left = self.unary()
        while self.peek() in ("*", "/"):
            op = self.take()[1]
            right = self.unary()
            left = f"{'_mul' if op == '*' else '_div'}({left}, {right})"
        return left

    def unary(self) -> str:
        if self.peek() == "-":
            self.take()
            return f"_neg({self.unary()})"
        if self.peek() == "!":
            self.take()
            return f"(not _truthy({self.unary()}))"
        return self.primary()

    def primary(self) -> str:
        kind, text = self.take()
        if kind == "number":
            return repr(float(text))
        if kind == "string":
            return repr(_js_string(text))
        if kind == "op" and text == "(":
            inner = self.ternary()
            self.take(")")
            return f"({inner})"
        if kind != "name":
            raise SyntaxError(f"unexpected {text!r}")
        if text in _CONSTANTS:
            return _CONSTANTS[text]
        if text == "datum":
            self.take(".")
            field_kind, field = self.take()
            if field_kind != "name":
                raise SyntaxError(f"bad field {field!r}")
            return f"_d[{field!r}]"
        if self.peek() == "(":
            if text not in _FUNCTIONS:
                raise SyntaxError(f"function {text!r} is not whitelisted")
            self.take("(")
            args = [self.ternary()]
            while self.peek() == ",":
                self.take(",")
                args.append(self.ternary())
            self.take(")")
            return f"{_FUNCTIONS[text]}({', '.join(args)})"
        if text in self.params:
            return f"_p[{text!r}]"
        raise SyntaxError(f"unknown name {text!r}")


def _num(x: Any) -> float:
    if isinstance(x, bool) or not isinstance(x, int | float):
        raise TypeError(f"arithmetic on a non-number: {x!r}")
    return float(x)


def _truthy(x: Any) -> bool:
    if x is None or x is False or x == "":
        return False
    return not (isinstance(x, int | float) and (x == 0 or math.isnan(x)))


def _eq(a: Any, b: Any) -> bool:
    if isinstance(a, str) != isinstance(b, str) and a is not None and b is not None:
        raise TypeError(f"comparing a string with a non-string: {a!r} == {b!r}")
    return bool(a == b)


def _cmp(op: str, a: Any, b: Any) -> bool:
    x, y = _num(a), _num(b)  # null < 0 silently coerces in JS: treat it as a bug
    return {"<": x < y, "<=": x <= y, ">": x > y, ">=": x >= y}[op]


def _add(a: Any, b: Any) -> Any:
    if isinstance(a, str) and isinstance(b, str):
        return a + b
    if isinstance(a, str) or isinstance(b, str):
        raise TypeError(f"string + non-string: wrap numbers in format() ({a!r} + {b!r})")
    return _num(a) + _num(b)


def _div(a: Any, b: Any) -> float:
    x, y = _num(a), _num(b)
    if y == 0:
        return (
            math.nan
            if x == 0 or math.isnan(x)
            else math.copysign(math.inf, x) * (math.copysign(1.0, y))
        )
    return x / y


def _pow(a: Any, b: Any) -> float:
    try:
        return float(math.pow(_num(a), _num(b)))
    except OverflowError:
        return math.inf


def _exp(a: Any) -> float:
    try:
        return math.exp(_num(a))
    except OverflowError:
        return math.inf


def _format(x: Any, spec: str) -> str:
    match = re.fullmatch(r"\.(\d)f", spec)
    if match is None:
        raise SyntaxError(f"format {spec!r} is not whitelisted")
    return f"{_num(x):.{match.group(1)}f}".replace("-", "\u2212")  # d3-format's minus sign


def _regexp(pattern: str, flags: str = "") -> tuple[re.Pattern[str], bool]:
    if set(flags) - {"g"}:
        raise SyntaxError(f"regexp flags {flags!r} are not whitelisted")
    return re.compile(pattern), flags == "g"


def _replace(text: Any, pattern: tuple[re.Pattern[str], bool], replacement: str) -> str:
    """JavaScript's String.replace with a regexp; ``$1`` names a group."""
    if not isinstance(text, str):
        raise TypeError(f"replace() on a non-string: {text!r}")
    rx, every = pattern

    def substitute(match: re.Match[str]) -> str:
        return re.sub(r"\$(\d)", lambda g: match.group(int(g.group(1))) or "", replacement)

    return rx.sub(substitute, text, count=0 if every else 1)


def _trim(text: Any) -> str:
    if not isinstance(text, str):
        raise TypeError(f"trim() on a non-string: {text!r}")
    return text.strip(" \t\n\r\f\v")


_HELPERS: dict[str, Any] = {
    "_truthy": _truthy,
    "_eq": _eq,
    "_cmp": _cmp,
    "_add": _add,
    "_sub": lambda a, b: _num(a) - _num(b),
    "_mul": lambda a, b: _num(a) * _num(b),
    "_div": _div,
    "_neg": lambda a: -_num(a),
    "_pow": _pow,
    "_exp": _exp,
    "_abs": lambda a: abs(_num(a)),
    "_min": lambda *a: min(_num(x) for x in a),
    "_max": lambda *a: max(_num(x) for x in a),
    "_clamp": lambda v, lo, hi: max(_num(lo), min(_num(hi), _num(v))),
    "_format": _format,
    "_is_valid": lambda x: x is not None and not (isinstance(x, float) and math.isnan(x)),
    "_regexp": _regexp,
    "_replace": _replace,
    "_trim": _trim,
}


def translate(expression: str, params: Sequence[str]) -> str:
    """The Python source for a Vega expression in the whitelisted subset."""
    return _Parser(expression, params).parse()


def compile_vega(expression: str, params: Sequence[str]) -> Callable[..., Any]:
    code = compile(translate(expression, params), "<vega>", "eval")

    def run(p: Mapping[str, Any], d: Mapping[str, Any]) -> Any:
        return eval(code, {"__builtins__": {}}, {**_HELPERS, "_p": p, "_d": d})

    return run


def run_chain(
    steps: Sequence[Calculation], params: Sequence[str]
) -> Callable[[Mapping[str, Any], Mapping[str, Any]], dict[str, Any]]:
    """Apply calculate steps in order, as Vega-Lite does, to one datum."""
    compiled = [(field, compile_vega(expr, params)) for field, expr in steps]

    def run(p: Mapping[str, Any], datum: Mapping[str, Any]) -> dict[str, Any]:
        d = dict(datum)
        for field, fn in compiled:
            d[field] = fn(p, d)
        return d

    return run


def close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=TOL, abs_tol=TOL)


# ---------------------------------------------------------------- the translator itself


@pytest.mark.parametrize(
    ("expression", "params", "expected"),
    [
        ("1 + 2 * 3", {}, 7.0),
        ("(1 + 2) * 3", {}, 9.0),
        ("x > 1 ? 'big' : 'small'", {"x": 2}, "big"),
        ("x > 1 ? 'big' : x > 0 ? 'mid' : 'small'", {"x": 0.5}, "mid"),
        ("!(x == 1) && true", {"x": 1}, False),
        ("null || 3", {}, 3.0),
        ("pow(2, 10) - exp(0)", {}, 1023.0),
        ("clamp(5, 0, 1) + min(3, 2) + max(-1, -2) + abs(-4)", {}, 6.0),
        ("'a: ' + format(x, '.2f')", {"x": -0.5}, "a: \u22120.50"),
        ('"line" + \'\\n\' + "next"', {}, "line\nnext"),
        ("isValid(null) ? 1 : 2", {}, 2.0),
        ("1 / 0", {}, math.inf),
        ("datum.a * 2", {}, 6.0),
        ("trim(replace('a b c', regexp('(\\\\w) ', 'g'), '$1\\n'))", {}, "a\nb\nc"),
        ("replace('a b c', regexp('(\\\\w) '), '$1-')", {}, "a-b c"),
    ],
)
def test_translator_follows_javascript(
    expression: str, params: dict[str, Any], expected: Any
) -> None:
    got = compile_vega(expression, list(params))(params, {"a": 3})
    assert got == expected


@pytest.mark.parametrize(
    ("expression", "error"),
    [
        ("foo(1)", SyntaxError),  # not whitelisted
        ("y + 1", SyntaxError),  # unknown param
        ("x.y", SyntaxError),  # attribute access other than datum
        ("x ; 1", SyntaxError),
        ("x ? 1", SyntaxError),
        ("__import__('os')", SyntaxError),
        ("format(x, '.2e')", SyntaxError),
        ("'n = ' + x", TypeError),  # JS would coerce; the charts must format numbers
        ("null < 1", TypeError),  # JS would treat null as 0
    ],
)
def test_translator_rejects_what_it_does_not_know(expression: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        compile_vega(expression, ["x"])({"x": 1.0}, {})


def test_text_computed_in_the_browser_wraps_to_fit_a_phone() -> None:
    """Every readout line is cut at word boundaries into lines of at most TEXT_CHARS."""
    words = (
        "Pooling, cheap talk: trust stays at the prior and fake bonding is possible; "
        "both types send alike, so the signal tells the observer nothing."
    )
    got = compile_vega(wrapped(string(words)), [])({}, {})
    lines = got.split("\n")
    assert len(lines) > 2
    assert all(0 < len(line) <= theme.TEXT_CHARS for line in lines)
    assert " ".join(lines) == words


# ================================================================ helpers over specs


def expressions(spec: dict[str, Any]) -> list[str]:
    """Every calculate and filter expression in a spec."""
    found = []
    for node in walk(spec):
        if isinstance(node.get("calculate"), str):
            found.append(node["calculate"])
        if isinstance(node.get("filter"), str):
            found.append(node["filter"])
    return found


def has_chain(spec: dict[str, Any], steps: Sequence[Calculation]) -> bool:
    """Whether some transform list applies ``steps`` consecutively, in order."""
    wanted = [{"calculate": expr, "as": field} for field, expr in steps]
    for node in walk(spec):
        transforms = node.get("transform")
        if isinstance(transforms, list):
            for start in range(len(transforms) - len(wanted) + 1):
                if transforms[start : start + len(wanted)] == wanted:
                    return True
    return False


def dataset_with(spec: dict[str, Any], column: str) -> list[dict[str, Any]]:
    rows: list[list[dict[str, Any]]] = [
        d for d in spec["datasets"].values() if d and column in d[0]
    ]
    assert len(rows) == 1, f"expected one dataset with {column!r}"
    return rows[0]


def bound(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The params bound to an input (the controls), in page order."""
    return [p for p in spec["params"] if "bind" in p]


def table_of(spec: dict[str, Any]) -> dict[str, Any]:
    """The chart's text alternative, read back from its metadata."""
    (meta,) = chart_meta(spec)
    table: dict[str, Any] = meta["table"]
    return table


def params_of(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {p["name"]: p for p in bound(spec)}


def start_values(spec: dict[str, Any]) -> dict[str, float]:
    return {p["name"]: p["value"] for p in bound(spec)}


EXPLORERS: dict[str, tuple[Callable[..., Any], tuple[str, ...], str]] = {
    "kydd": (kc.kydd_explorer, kc.KYDD_PARAMS, "kydd"),
    "holsti": (hc.holsti_explorer, hc.HOLSTI_PARAMS, "holsti"),
    "richardson": (rc.richardson_explorer, rc.RICHARDSON_PARAMS, "richardson"),
    "axelrod": (ac.axelrod_explorer, ac.AXELROD_PARAMS, "axelrod"),
}


@pytest.fixture(scope="module")
def specs() -> dict[str, dict[str, Any]]:
    return {name: fn().to_dict() for name, (fn, _, _) in EXPLORERS.items()}


# ================================================================ every chart


@pytest.mark.parametrize("name", list(EXPLORERS))
def test_controls_are_labelled_range_inputs_in_the_spec(
    name: str, specs: dict[str, dict[str, Any]]
) -> None:
    spec = specs[name]
    expected = EXPLORERS[name][1]
    assert [p["name"] for p in bound(spec)] == list(expected)
    for p in bound(spec):
        bind = p["bind"]
        assert bind["input"] == "range"
        assert bind["name"].strip(), p["name"]
        assert bind["min"] < bind["max"]
        assert bind["step"] > 0
        assert bind["min"] <= p["value"] <= bind["max"]
        steps = (p["value"] - bind["min"]) / bind["step"]
        assert abs(steps - round(steps)) < 1e-9, "the starting value must be a slider position"


@pytest.mark.parametrize("name", list(EXPLORERS))
def test_description_title_and_model_card_line(name: str, specs: dict[str, dict[str, Any]]) -> None:
    spec = specs[name]
    assert len(spec["description"]) > 200
    subtitle = " ".join(spec["title"]["subtitle"])
    assert any(line.startswith("Predict first: ") for line in spec["title"]["subtitle"])
    card = FORMAL_CARDS[EXPLORERS[name][2]]
    label = next(lb for lb in m.DERIVATION_LABELS if card.derivation.startswith(lb))
    author = card.key.capitalize() + "'s"
    named = label.replace("the author's", author).replace("author's own", author + " own")
    assert f"Model: {named} — see the model card" in subtitle
    assert f"tk.model_card('{card.key}')" in subtitle


@pytest.mark.parametrize("name", list(EXPLORERS))
def test_every_expression_is_in_the_checked_subset(
    name: str, specs: dict[str, dict[str, Any]]
) -> None:
    """Every browser-side expression parses in the whitelisted subset the cross-checks use."""
    found = expressions(specs[name])
    assert found
    for expression in found:
        translate(expression, EXPLORERS[name][1])


@pytest.mark.parametrize("name", list(EXPLORERS))
def test_spec_stays_under_the_page_weight_budget(name: str) -> None:
    fn = EXPLORERS[name][0]
    largest: dict[str, dict[str, Any]] = {
        "holsti": {"acts": [1, -1] * 15},
        "axelrod": {"rounds": 60},
    }
    biggest = largest.get(name, {})
    assert len(json.dumps(fn(**biggest).to_dict())) < BUDGET


@pytest.mark.parametrize("name", list(EXPLORERS))
def test_colours_are_okabe_ito_with_a_second_cue(
    name: str, specs: dict[str, dict[str, Any]]
) -> None:
    allowed = {c.upper() for c in theme.OKABE_ITO.values()} | {theme.GREY.upper(), "#333333"}
    for node in walk(specs[name]):
        for key in ("color", "fill", "stroke"):
            if isinstance(node.get(key), str) and node[key].startswith("#"):
                assert node[key].upper() in allowed, node[key]
        encoding = node.get("encoding")
        if isinstance(encoding, dict) and "field" in encoding.get("color", {}):
            field = encoding["color"]["field"]
            cues = [
                c
                for c in ("strokeDash", "shape", "y", "text")
                if encoding.get(c, {}).get("field") == field
            ]
            mark = node.get("mark")
            shaded_only = isinstance(mark, dict) and mark.get("type") == "rect"  # labelled apart
            assert cues or shaded_only, f"colour alone encodes {field!r}"
            for colour in encoding["color"].get("scale", {}).get("range", []):
                assert colour.upper() in allowed, colour


def simulate(
    spec: dict[str, Any], params: Mapping[str, float]
) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Run every mark's transforms over its data in Python, as Vega-Lite would."""
    names = [p["name"] for p in bound(spec)]

    def run(transforms: list[dict[str, Any]], rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        for t in transforms:
            if "calculate" in t:
                fn = compile_vega(t["calculate"], names)
                rows = [{**r, t["as"]: fn(params, r)} for r in rows]
            elif "filter" in t:
                keep = compile_vega(t["filter"], names)
                rows = [r for r in rows if _truthy(keep(params, r))]
            elif "fold" in t:
                key, value = t["as"]
                rows = [{**r, key: f, value: r[f]} for r in rows for f in t["fold"]]
            elif "window" in t:
                (op,) = t["window"]
                assert op["op"] == "sum"
                assert t["frame"] == [None, 0]
                totals: dict[tuple[Any, ...], float] = {}
                order = sorted(rows, key=lambda r: r[t["sort"][0]["field"]])
                out = []
                for r in order:
                    group = tuple(r[g] for g in t["groupby"])
                    totals[group] = totals.get(group, 0.0) + r[op["field"]]
                    out.append({**r, op["as"]: totals[group]})
                rows = out
            else:
                raise AssertionError(f"transform not simulated: {t}")
        return rows

    def visit(node: dict[str, Any], data: str | None) -> Iterator[Any]:
        data = node.get("data", {}).get("name", data)
        for key in ("layer", "vconcat", "hconcat", "concat"):
            for child in node.get(key, []):
                yield from visit(child, data)
        if "mark" in node:
            assert data is not None
            yield node, run(node.get("transform", []), list(spec["datasets"][data]))

    yield from visit(spec, None)


def settings(spec: dict[str, Any]) -> list[dict[str, float]]:
    """The starting setting, and each slider alone at its minimum and its maximum."""
    start = start_values(spec)
    out = [start]
    for p in bound(spec):
        for end in (p["bind"]["min"], p["bind"]["max"]):
            out.append({**start, p["name"]: end})
    return out


@pytest.mark.parametrize("name", list(EXPLORERS))
def test_every_mark_evaluates_cleanly_at_the_slider_ends(
    name: str, specs: dict[str, dict[str, Any]]
) -> None:
    """No type slips (string + number, null compared) and no NaN or undefined text."""
    spec = specs[name]
    for params in settings(spec):
        drawn = 0
        for unit, rows in simulate(spec, params):
            drawn += bool(rows)
            encoding = unit.get("encoding", {})
            for r in rows:
                text = r.get(encoding.get("text", {}).get("field", ""), "")
                assert "NaN" not in str(text)
                assert "undefined" not in str(text) or "never seen" in str(text)
                for channel in ("x", "y"):
                    value = r.get(encoding.get(channel, {}).get("field", ""))
                    assert value is None or isinstance(value, str) or math.isfinite(value)
        assert drawn >= 2, params


# ================================================================ 1. Kydd

KYDD_GRID = list(
    itertools.product(
        [0.0, 0.01, 0.3, 0.5, 0.99, 1.0],  # prior
        [0.0, 1.0, 2.0, 4.0, 4.5, 5.0, 6.0],  # cost
        [0.0, 4.0, 5.0],  # benefit_t
        [0.0, 4.0, 5.0],  # benefit_u
        [0.0, 0.5, 1.0, 3.0],  # spread
    )
)


def _kydd_mismatches(steps: Sequence[Calculation], threshold: float) -> list[Any]:
    chain = run_chain(steps, kc.KYDD_PARAMS)
    bad = []
    for prior, cost, b_t, b_u, spread in KYDD_GRID:
        p = {"prior": prior, "cost": cost, "benefit_t": b_t, "benefit_u": b_u, "spread": spread}
        got = chain(p, {})
        out = m.kydd_signal(
            prior,
            cost=cost,
            benefit_trustworthy=b_t,
            benefit_untrustworthy=b_u,
            cost_spread=spread,
        )
        coop = [None if x is None else m.kydd_cooperates(x) for x in out[2:4]]
        if not (
            close(got["q_t"], out.p_send_trustworthy)
            and close(got["q_u"], out.p_send_untrustworthy)
            and close(got["post_sent"], out.posterior_if_sent)
            and close(got["post_silent"], out.posterior_if_not_sent)
            and got["kind"] == out.kind
            and [got["coop_sent"], got["coop_silent"]] == coop
        ):
            bad.append((p, got, out))
    return bad


def test_kydd_expressions_match_the_model_on_a_grid() -> None:
    threshold = m.kydd_trust_threshold()
    assert _kydd_mismatches(kc.kydd_calculations(threshold), threshold) == []


def test_kydd_grid_reaches_every_outcome_and_each_has_a_sentence() -> None:
    kinds = {
        m.kydd_signal(p, cost=c, benefit_trustworthy=t, benefit_untrustworthy=u, cost_spread=s).kind
        for p, c, t, u, s in KYDD_GRID
    }
    assert kinds == set(kc._KYDD_OUTCOMES)
    assert "cheap talk: trust stays at the prior" in kc._KYDD_OUTCOMES["pooling"]
    assert "fake bonding is possible" in kc._KYDD_OUTCOMES["pooling"]


def test_kydd_cross_check_can_fail() -> None:
    """A plausible slip (forgetting the 1 - prior weight) is caught by the grid."""
    threshold = m.kydd_trust_threshold()
    steps = [
        (field, expr.replace("(1 - prior)", "prior") if field == "post_sent" else expr)
        for field, expr in kc.kydd_calculations(threshold)
    ]
    assert _kydd_mismatches(steps, threshold)


def test_kydd_chart_uses_the_expressions_and_shows_the_outcome() -> None:
    spec = kc.kydd_explorer(R=4, T=3, P=2, S=0).to_dict()
    threshold = m.kydd_trust_threshold(R=4, T=3, P=2, S=0)
    assert has_chain(spec, kc.kydd_calculations(threshold))
    text = next(e for e in expressions(spec) if "Pooling" in e)
    start = start_values(spec)
    steps = [*kc.kydd_calculations(threshold), ("text", text.split(" + '\\n' + ")[0])]
    assert "cheap talk" in run_chain(steps, kc.KYDD_PARAMS)(start, {"row": 0})["text"]
    assert spec["title"]["subtitle"][1].startswith("Predict first:")


def test_kydd_table_matches_the_model_at_the_starting_setting() -> None:
    kwargs = {"prior": 0.4, "cost": 4.5, "benefit_trustworthy": 5.0}
    spec = kc.kydd_explorer(**kwargs, benefit_untrustworthy=4.0, cost_spread=1.0).to_dict()
    out = m.kydd_signal(
        0.4, cost=4.5, benefit_trustworthy=5.0, benefit_untrustworthy=4.0, cost_spread=1.0
    )
    table = table_of(spec)
    values = dict(table["rows"])
    assert values["Trust before the signal (prior)"] == 0.4
    assert values["Chance the trustworthy type sends"] == round(out.p_send_trustworthy, 4)
    assert values["Chance the untrustworthy type sends"] == round(out.p_send_untrustworthy, 4)
    assert out.posterior_if_sent is not None
    assert out.posterior_if_not_sent is not None
    assert values["Trust after the signal is seen"] == round(out.posterior_if_sent, 4)
    assert values["Trust after silence"] == round(out.posterior_if_not_sent, 4)
    assert values["Trust threshold for cooperating"] == m.kydd_trust_threshold()
    assert values["Outcome"] == out.kind == "partly separating"
    assert start_values(spec) == {
        "prior": 0.4,
        "cost": 4.5,
        "benefit_t": 5.0,
        "benefit_u": 4.0,
        "spread": 1.0,
    }


def test_kydd_table_says_when_a_posterior_is_undefined() -> None:
    spec = kc.kydd_explorer(cost=9.0).to_dict()  # nobody sends
    values = dict(table_of(spec)["rows"])
    assert values["Trust after the signal is seen"] == "undefined (never seen)"
    assert values["Outcome"] == "nobody sends"


# ================================================================ 2. Holsti


def test_holsti_grid_is_the_model_and_the_filter_picks_one_trajectory() -> None:
    acts = hc.ILLUSTRATIVE_ACTS
    spec = hc.holsti_explorer().to_dict()
    rows = dataset_with(spec, "trust")
    keep = compile_vega(hc.holsti_filter(), hc.HOLSTI_PARAMS)
    bind = params_of(spec)["discount"]["bind"]
    positions = round((bind["max"] - bind["min"]) / bind["step"])
    for i in range(positions + 1):
        # the browser may hand back 0.15000000000000002 or 0.15 for the same position
        for value in (bind["min"] + i * bind["step"], round(bind["min"] + i * bind["step"], 2)):
            chosen = [r for r in rows if keep({"discount": value}, r)]
            expected = m.holsti_trajectory(acts, discount=round(value, 2))
            assert [r["step"] for r in chosen] == list(range(len(acts) + 1))
            assert all(abs(r["trust"] - e) <= 1e-6 for r, e in zip(chosen, expected, strict=True))
    assert any("datum.discount == 1" in e for e in expressions(spec))


def test_holsti_filter_check_can_fail() -> None:
    rows = dataset_with(hc.holsti_explorer().to_dict(), "trust")
    keep = compile_vega("abs(datum.discount - discount) < 0.06", hc.HOLSTI_PARAMS)
    assert len([r for r in rows if keep({"discount": 0.2}, r)]) > len(hc.ILLUSTRATIVE_ACTS) + 1


def test_holsti_table_matches_the_model_at_the_starting_setting() -> None:
    acts = [1, 1, -1, 1]
    spec = hc.holsti_explorer(discount=0.35, acts=acts, learning_rate=0.5, start=0.2).to_dict()
    table = table_of(spec)
    own = m.holsti_trajectory(acts, discount=0.35, learning_rate=0.5, start=0.2)
    ref = m.holsti_trajectory(acts, discount=1.0, learning_rate=0.5, start=0.2)
    assert [r[2] for r in table["rows"]] == [round(float(v), 4) for v in own]
    assert [r[3] for r in table["rows"]] == [round(float(v), 4) for v in ref]
    assert [r[1] for r in table["rows"]] == [
        "none yet",
        "cooperative act",
        "cooperative act",
        "hostile act",
        "cooperative act",
    ]
    assert "not historical" in table["caption"]
    assert "not historical" in spec["description"]
    assert start_values(spec) == {"discount": 0.35}


# ================================================================ 3. Richardson

RICHARDSON_GRID = list(
    itertools.product(
        [0.0, 0.05, 0.3, 0.5, 1.0],  # k
        [0.0, 0.3, 0.30001, 0.3 + 1e-9, 0.6, 1.0],  # a: near k exercises the series
        [0.0, 1.0, 2.0],  # g
    )
)


def _richardson_mismatches(steps: Sequence[Calculation], x0: float, y0: float) -> list[Any]:
    chain = run_chain(steps, rc.RICHARDSON_PARAMS)
    bad = []
    for k, a, g in RICHARDSON_GRID:
        path = m.richardson_path(x0, y0, k=k, l=k, a=a, b=a, g=g, h=g, dt=0.25, steps=80)
        p = {"k": k, "a": a, "g": g}
        try:
            star: float | None = m.richardson_equilibrium(k=k, l=k, a=a, b=a, g=g, h=g)[0]
        except ValueError:
            star = None
        for t, x, y in zip(*path, strict=True):
            got = chain(p, {"t": float(t)})
            scale = max(1.0, abs(x), abs(y))
            if not (
                abs(got["x"] - x) <= TOL * scale
                and abs(got["y"] - y) <= TOL * scale
                and close(got["x_star"], star)
                and got["stable"] == m.richardson_stable(k=k, l=k, a=a, b=a)
            ):
                bad.append((p, float(t), got["x"], x, got["y"], y))
    return bad


def test_richardson_expressions_match_the_model_on_a_grid() -> None:
    assert _richardson_mismatches(rc.richardson_calculations(2.0, 8.0), 2.0, 8.0) == []
    assert _richardson_mismatches(rc.richardson_calculations(5.0, 0.0), 5.0, 0.0) == []


def test_richardson_cross_check_can_fail() -> None:
    """A wrong series term only matters when k is within a hair of a, and the grid has that."""
    steps = [
        (field, expr.replace("/ 6", "/ 5") if field == "growth" else expr)
        for field, expr in rc.richardson_calculations(2.0, 8.0)
    ]
    assert _richardson_mismatches(steps, 2.0, 8.0)


def test_richardson_chart_uses_the_expressions_states_stability_and_clips() -> None:
    spec = rc.richardson_explorer(k=0.5, a=0.4, x0=1.0, y0=3.0, y_max=30.0).to_dict()
    steps = rc.richardson_calculations(1.0, 3.0)
    assert has_chain(spec, steps[:6])
    assert has_chain(spec, steps[6:])
    verdict = next(e for e in expressions(spec) if "Unstable" in e)
    wrapped_chain = run_chain([*steps, ("text", verdict)], rc.RICHARDSON_PARAMS)

    def chain(p: dict[str, float], d: dict[str, Any]) -> dict[str, str]:
        return {"text": wrapped_chain(p, d)["text"].replace("\n", " ")}

    assert chain({"k": 0.5, "a": 0.4, "g": 1.0}, {"t": 0.0})["text"].startswith(
        "Unstable: a·b < k·l (0.16 < 0.25). A spiral"
    )
    assert chain({"k": 0.3, "a": 0.6, "g": 1.0}, {"t": 0.0})["text"] == (
        "Stable: a·b > k·l (0.36 > 0.09). Both sides settle at 3.33."
    )
    assert chain({"k": 0.4, "a": 0.4, "g": 1.0}, {"t": 0.0})["text"].startswith("Borderline")
    y_scales = [n["scale"] for n in walk(spec) if n.get("field") == "shown" and "scale" in n]
    assert y_scales == [{"domain": [0, 30.0], "nice": False}]
    assert any(n.get("clip") is True for n in walk(spec))


def test_richardson_table_matches_the_model_at_the_starting_setting() -> None:
    spec = rc.richardson_explorer(k=0.45, a=0.4, g=0.5, x0=1.0, y0=3.0, horizon=10).to_dict()
    table = table_of(spec)
    path = m.richardson_path(
        1.0, 3.0, k=0.45, l=0.45, a=0.4, b=0.4, g=0.5, h=0.5, dt=0.125, steps=80
    )
    expected = [
        [round(float(t), 4), round(float(x), 4), round(float(y), 4)]
        for i, (t, x, y) in enumerate(zip(*path, strict=True))
        if i % 4 == 0
    ]
    assert table["rows"] == expected
    assert [r[0] for r in table["rows"]] == [i / 2 for i in range(21)]
    assert "not stable" in table["caption"]
    assert start_values(spec) == {"k": 0.45, "a": 0.4, "g": 0.5}


# ================================================================ 4. Axelrod

PAYOFFS = [(5.0, 3.0, 1.0, 0.0), (4.0, 3.0, 1.0, 0.5), (10.0, 6.0, -1.0, -3.0)]
W_POSITIONS = [n / 100 for n in range(100)]  # every position of the slider


def _axelrod_mismatches(
    steps: Sequence[Calculation],
    payoffs: tuple[float, float, float, float],
    ws: Sequence[float] = W_POSITIONS,
) -> list[Any]:
    T, R, P, S = payoffs
    rounds = 30
    spec = ac.axelrod_explorer(rounds=rounds, T=T, R=R, P=P, S=S).to_dict()
    rows = dataset_with(spec, "payoff")  # the chart's own per-round payoffs
    chain = run_chain(steps, ac.AXELROD_PARAMS)
    bad = []
    for w in ws:
        got = {
            name: [chain({"w": w}, r) for r in rows if r["strategy"] == name]
            for name in ac._CHALLENGERS
        }
        # the chart's window transform: a running sum per strategy, in round order
        totals = {
            name: list(
                itertools.accumulate(d["weighted"] for d in sorted(v, key=lambda d: d["round"]))
            )
            for name, v in got.items()
        }
        streams = m.axelrod_streams(w, rounds=rounds, T=T, R=R, P=P, S=S)
        values = m.axelrod_values(w, T=T, R=R, P=P, S=S)
        row = got[ac._CHALLENGERS[0]][0]
        if not (
            all(
                close(a, b)
                for a, b in zip(totals[ac._CHALLENGERS[0]], streams.tit_for_tat, strict=True)
            )
            and all(
                close(a, b) for a, b in zip(totals[ac._CHALLENGERS[1]], streams.all_d, strict=True)
            )
            and all(
                close(a, b)
                for a, b in zip(totals[ac._CHALLENGERS[2]], streams.alternate, strict=True)
            )
            and close(row["v_tft"], values.tit_for_tat)
            and close(row["v_alld"], values.all_d)
            and close(row["v_alt"], values.alternate)
            and row["stable"] == m.tft_is_stable(w, T=T, R=R, P=P, S=S)
        ):
            bad.append((payoffs, w))
    return bad


@pytest.mark.parametrize("payoffs", PAYOFFS)
def test_axelrod_expressions_match_the_model_on_a_grid(
    payoffs: tuple[float, float, float, float],
) -> None:
    T, R, P, S = payoffs
    steps = ac.axelrod_calculations(
        T=T, R=R, P=P, S=S, threshold=m.axelrod_threshold(T=T, R=R, P=P, S=S)
    )
    assert _axelrod_mismatches(steps, payoffs) == []


def test_axelrod_cross_check_can_fail() -> None:
    steps = [
        (field, expr.replace("datum.round - 1", "datum.round") if field == "weighted" else expr)
        for field, expr in ac.axelrod_calculations(
            T=5.0, R=3.0, P=1.0, S=0.0, threshold=m.axelrod_threshold()
        )
    ]
    assert _axelrod_mismatches(steps, PAYOFFS[0], ws=(0.5, 0.9))


def test_axelrod_chart_uses_the_expressions_and_states_stability() -> None:
    spec = ac.axelrod_explorer().to_dict()
    steps = ac.axelrod_calculations(T=5.0, R=3.0, P=1.0, S=0.0, threshold=m.axelrod_threshold())
    assert has_chain(spec, steps[:1])
    assert has_chain(spec, steps[1:])
    windows = [n["window"] for n in walk(spec) if "window" in n]
    assert windows == [[{"op": "sum", "field": "weighted", "as": "total"}]]
    verdict = next(e for e in expressions(spec) if "collectively stable" in e)
    text = run_chain([*steps[1:], ("text", verdict)], ac.AXELROD_PARAMS)

    def chain(p: dict[str, float], d: dict[str, Any]) -> dict[str, str]:
        # the lines are wrapped to fit a phone: read them back as one text
        said = text(p, d)["text"].replace("\n", " ")
        verdict, endless = said.split(" Endless game against TIT FOR TAT: ")
        assert endless.startswith("TIT FOR TAT ")
        return {"text": verdict}

    assert chain({"w": 0.9}, {})["text"].startswith(
        "At w = 0.90, TIT FOR TAT is collectively stable"
    )
    assert chain({"w": 0.6}, {})["text"].endswith(
        "not collectively stable (w < 0.67): alternation beats it."
    )
    assert chain({"w": 0.4}, {})["text"].endswith("ALL D and alternation beat it.")
    rules = [n for n in dataset_with(spec, "w")]
    assert rules == [{"w": m.axelrod_threshold()}]


def test_axelrod_table_matches_the_model_at_the_starting_setting() -> None:
    spec = ac.axelrod_explorer(w=0.55, rounds=6, T=4, R=3, P=1, S=0.5).to_dict()
    table = table_of(spec)
    streams = m.axelrod_streams(0.55, rounds=6, T=4, R=3, P=1, S=0.5)
    values = m.axelrod_values(0.55, T=4, R=3, P=1, S=0.5)
    assert table["rows"][:-1] == [
        [int(n), round(float(a), 4), round(float(b), 4), round(float(c), 4)]
        for n, a, b, c in zip(*streams, strict=True)
    ]
    assert table["rows"][-1] == ["endless", *(round(v, 4) for v in values)]
    stable = m.tft_is_stable(0.55, T=4, R=3, P=1, S=0.5)
    assert ("not collectively stable" in table["caption"]) is not stable
    assert start_values(spec) == {"w": 0.55}


# ================================================================ bad input


@pytest.mark.parametrize(
    ("fn", "kwargs", "message"),
    [
        (
            kc.kydd_explorer,
            {"prior": 1.5},
            r"prior must be between 0 and 1 in steps of 0.01 \(got 1.5\)",
        ),
        (kc.kydd_explorer, {"cost": -1}, r"cost must be between 0 and 10"),
        (kc.kydd_explorer, {"benefit_trustworthy": 11}, r"benefit_trustworthy .* 0 and 10"),
        (kc.kydd_explorer, {"benefit_untrustworthy": math.nan}, r"between 0 and 10"),
        (kc.kydd_explorer, {"cost_spread": 4}, r"cost_spread must be between 0 and 3"),
        (kc.kydd_explorer, {"R": 1.0}, r"R > T"),
        (kc.kydd_explorer, {"prior": 0.333}, r"prior .* 0 and 1 in steps of 0.01 \(got 0.333\)"),
        (kc.kydd_explorer, {"cost": 2.25}, r"cost .* in steps of 0.1"),
        (rc.richardson_explorer, {"k": 0.33}, r"k must be between 0 and 1 in steps of 0.05"),
        (ac.axelrod_explorer, {"w": 0.905}, r"w must be between 0 and 0.99 in steps of 0.01"),
        (hc.holsti_explorer, {"discount": 0.33}, r"between 0 and 1 in steps of 0.05"),
        (hc.holsti_explorer, {"discount": 1.05}, r"discount must be between 0 and 1"),
        (hc.holsti_explorer, {"acts": [1, 0]}, r"each be \+1 \(cooperative\) or -1"),
        (hc.holsti_explorer, {"acts": []}, r"1 to 30 acts"),
        (hc.holsti_explorer, {"acts": [1] * 31}, r"1 to 30 acts"),
        (hc.holsti_explorer, {"learning_rate": 2}, r"learning_rate must be between 0 and 1"),
        (hc.holsti_explorer, {"start": -0.1}, r"start must be between 0 and 1"),
        (rc.richardson_explorer, {"k": 1.5}, r"k must be between 0 and 1"),
        (rc.richardson_explorer, {"a": -0.1}, r"a must be between 0 and 1"),
        (rc.richardson_explorer, {"g": 3}, r"g must be between 0 and 2"),
        (rc.richardson_explorer, {"x0": 25}, r"x0 must be between 0 and 20"),
        (rc.richardson_explorer, {"horizon": 2}, r"horizon must be between 5 and 50"),
        (rc.richardson_explorer, {"y_max": 1}, r"y_max must be between 5 and 1000"),
        (
            ac.axelrod_explorer,
            {"w": 1.0},
            r"w must be between 0 and 0.99 in steps of 0.01 \(got 1.0\)",
        ),
        (ac.axelrod_explorer, {"w": -0.1}, r"w must be between 0 and 0.99"),
        (ac.axelrod_explorer, {"S": -1e308}, r"S must be between -1000 and 1000 \(got -1e\+308\)"),
        (ac.axelrod_explorer, {"T": math.inf}, r"T must be a finite number between -1000 and 1000"),
        (kc.kydd_explorer, {"P": 1e300}, r"P must be between -1000 and 1000"),
        (hc.holsti_explorer, {"acts": [1, 2]}, r"act 1 is 2"),
        (ac.axelrod_explorer, {"rounds": 1}, r"rounds must be a whole number from 2 to 60"),
        (ac.axelrod_explorer, {"T": 2.0}, r"T > R > P > S"),
        (ac.axelrod_explorer, {"T": 6.5}, r"2R > T \+ S"),
    ],
)
def test_bad_input_names_the_valid_range(
    fn: Callable[..., Any], kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        fn(**kwargs)


@pytest.mark.parametrize(
    ("fn", "kwargs", "message"),
    [
        (kc.kydd_explorer, {"prior": True}, r"prior must be a number between 0 and 1 .*got bool"),
        (kc.kydd_explorer, {"prior": "0.3"}, r"prior must be a number .*got str '0.3'"),
        (kc.kydd_explorer, {"R": "3"}, r"R must be a number between -1000 and 1000"),
        (hc.holsti_explorer, {"acts": None}, r"acts must be a sequence of 1 to 30 acts.*NoneType"),
        (hc.holsti_explorer, {"acts": "1-1"}, r"acts must be a sequence of 1 to 30 acts"),
        (hc.holsti_explorer, {"acts": {1: 1}}, r"acts must be a sequence"),
        (hc.holsti_explorer, {"acts": [True, -1]}, r"each be \+1 or -1 \(act 0 is bool"),
        (hc.holsti_explorer, {"acts": [1, None]}, r"act 1 is NoneType"),
        (hc.holsti_explorer, {"discount": None}, r"discount must be a number between 0 and 1"),
        (rc.richardson_explorer, {"x0": "2"}, r"x0 must be a number"),
        (ac.axelrod_explorer, {"rounds": 2.5}, r"rounds must be a whole number from 2 to 60"),
        (ac.axelrod_explorer, {"rounds": True}, r"from 2 to 60 \(got bool True\)"),
    ],
)
def test_wrong_types_raise_type_error_naming_the_argument(
    fn: Callable[..., Any], kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(TypeError, match=message):
        fn(**kwargs)


def test_explorers_accept_any_ordered_acts_and_extreme_valid_payoffs() -> None:
    spec = hc.holsti_explorer(acts=(a for a in (1, -1, 1))).to_dict()
    assert len(table_of(spec)["rows"]) == 4
    spec = ac.axelrod_explorer(rounds=60, T=1000, R=999, P=-999, S=-1000).to_dict()
    text = json.dumps(spec, allow_nan=False)  # raises on NaN or infinity
    assert "Infinity" not in text


@pytest.mark.parametrize("name", list(EXPLORERS))
def test_explorers_carry_no_config_and_their_metadata(
    name: str, specs: dict[str, dict[str, Any]]
) -> None:
    import altair as alt

    chart = EXPLORERS[name][0]()
    assert chart.config is alt.Undefined, "the look belongs to the theme: no configure_*"
    spec = specs[name]
    assert "usermeta" not in spec
    (meta,) = chart_meta(spec)
    assert [c["param"] for c in meta["controls"]] == list(EXPLORERS[name][1])


def test_vega_literals_round_trip_exactly() -> None:
    for value in (2 / 3, 0.1, -1e-9, 1e300, 0.0, -2.5):
        assert eval(translate(lit(value), []), {"__builtins__": {}}, _HELPERS) == value
    with pytest.raises(ValueError, match="cannot write"):
        lit(math.inf)
