"""One way to write an explorable: a declarative description compiled into the chart.

An explorer function in teachkit reads as a short list of its panels::

    KYDD = Explorable(
        title="Reassurance by costly signals",
        question="When does a gesture change what the other side believes?",
        predict="Predict first: what happens to trust if both types send the signal?",
        card="kydd",
        controls=(Control("prior", "prior", "Prior trust: ", 0, 1, 0.01), ...),
    )

    def kydd_explorer(*, prior=0.3, ...):
        start = KYDD.start(prior=prior, ...)          # one set of argument checks
        panels = [...]                                # the chart's own panels
        return KYDD.compose(panels, start=start, description=..., table=Table(...))

:class:`Control` is the one control type (slider, menu or checkbox), with its
range, step, label and the argument it comes from; it checks a starting value
and becomes a Vega-Lite param bound to an input. :class:`Table` is the one
text-and-table alternative that the book shows under each chart. The Vega
expression helpers (:func:`lit`, :func:`string`, :func:`choose`,
:func:`calculate`) are the one place Python writes Vega expressions.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from teachkit import _checks

if TYPE_CHECKING:
    import altair as alt

Calculation = tuple[str, str]
"""One Vega-Lite ``calculate`` step: ``(field it writes, Vega expression)``."""

Kind = Literal["slider", "menu", "checkbox"]


# ---------------------------------------------------------------- Vega expressions


def lit(value: float) -> str:
    """A number as a Vega literal that round-trips exactly (Python's shortest repr).

    Examples
    --------
    >>> lit(0.1), lit(-2)
    ('0.1', '(-2.0)')
    """
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"cannot write {value!r} into a Vega expression: it is not finite")
    return f"({number!r})" if number < 0 else repr(number)


def string(text: str) -> str:
    """A Vega string literal.

    Examples
    --------
    >>> string("Geneva, 1985")
    '"Geneva, 1985"'
    """
    return json.dumps(text, ensure_ascii=False)


def choose(field: str, options: Mapping[str, str], default: str) -> str:
    """A chain of ``?:`` picking ``options[value]`` for the value of ``field``.

    Examples
    --------
    >>> choose("datum.k", {"a": "A"}, "")
    '(datum.k == "a" ? "A" : "")'
    """
    expression = string(default)
    for key, text in reversed(list(options.items())):
        expression = f"({field} == {string(key)} ? {string(text)} : {expression})"
    return expression


def calculate(chart: alt.Chart, steps: Sequence[Calculation]) -> alt.Chart:
    """Apply calculate steps in order (later steps read earlier ones as ``datum.<field>``)."""
    for name, expression in steps:
        chart = chart.transform_calculate(**{name: expression})
    return chart


def wrapped(text: str) -> str:
    """A Vega string expression wrapped at ``TEXT_CHARS`` characters, in the browser.

    Examples
    --------
    >>> wrapped("'a b'")[:13]
    'trim(replace('
    """
    from teachkit.charts.theme import TEXT_CHARS

    pattern = f"regexp('(.{{1,{TEXT_CHARS}}})(\\\\s+|$)', 'g')"
    return f"trim(replace({text}, {pattern}, '$1\\n'))"


def text_panel(
    steps: Sequence[Calculation], lines: Sequence[str], *, height: int, width: int = 460
) -> alt.Chart:
    """A block of text computed in the browser: each line is a Vega string expression.

    Lines are wrapped in the browser at :data:`~teachkit.charts.theme.TEXT_CHARS`
    characters, so the block fits a phone's column at full size.
    """
    import altair as alt
    import pandas as pd

    text = " + '\\n' + ".join(wrapped(line) for line in lines)
    panel: alt.Chart = (
        calculate(alt.Chart(pd.DataFrame({"row": [0]})), steps)
        .transform_calculate(text=text)
        .mark_text(align="left", baseline="top", lineBreak="\n", lineHeight=18)
        .encode(text="text:N", x=alt.value(0), y=alt.value(0))
        .properties(width=width, height=height)
    )
    return panel


# ---------------------------------------------------------------- controls


@dataclass(frozen=True)
class Control:
    """One control of an explorable: a slider, a menu or a checkbox.

    ``param`` is the Vega param the chart reads; ``argument`` the keyword
    argument of the explorer function that sets where it starts. A slider
    runs from ``low`` to ``high`` by ``step``; a menu offers ``options``
    (shown as ``labels`` when given); a checkbox is on or off.

    Examples
    --------
    >>> w = Control("w", "weight", "Weight of the next round, w: ", 0, 0.99, 0.01)
    >>> w.check(0.5)
    0.5
    >>> w.check(1.5)
    Traceback (most recent call last):
    ...
    ValueError: weight must be between 0 and 0.99 in steps of 0.01 (got 1.5)
    """

    param: str
    argument: str
    label: str
    low: float = 0.0
    high: float = 1.0
    step: float = 0.01
    kind: Kind = "slider"
    options: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.kind == "menu" and not self.options:
            raise ValueError(f"menu control {self.param!r} needs options")
        if self.labels and len(self.labels) != len(self.options):
            raise ValueError(f"control {self.param!r}: one label per option")

    def check(self, value: object) -> Any:
        """The starting value, checked; the error names the argument and the valid range."""
        if self.kind == "checkbox":
            return _checks.flag(self.argument, value)
        if self.kind == "menu":
            return _checks.choice(self.argument, value, self.options)
        return _checks.on_grid(self.argument, value, self.low, self.high, self.step)

    def param_for(self, value: Any) -> alt.Parameter:
        """The Vega-Lite param, bound to its input and starting at ``value``."""
        import altair as alt

        binding: Any
        if self.kind == "checkbox":
            binding = alt.binding_checkbox(name=self.label)
        elif self.kind == "menu":
            binding = alt.binding_select(
                options=list(self.options),
                labels=list(self.labels or self.options),
                name=self.label,
            )
        else:
            binding = alt.binding_range(
                min=self.low, max=self.high, step=self.step, name=self.label
            )
        return alt.param(name=self.param, value=value, bind=binding)

    def describe(self) -> dict[str, Any]:
        """The control as plain data (kept in the spec's ``usermeta``)."""
        info: dict[str, Any] = {"param": self.param, "argument": self.argument}
        info |= {"label": self.label.strip().rstrip(":"), "kind": self.kind}
        if self.kind == "slider":
            info |= {"min": self.low, "max": self.high, "step": self.step}
        elif self.kind == "menu":
            info["options"] = list(self.options)
        return info


# ---------------------------------------------------------------- text alternative


@dataclass(frozen=True)
class Table:
    """The text and table alternative of a chart: a caption, columns and rows.

    The book shows it under the chart ("Show the chart as a table"), and a
    screen reader reads it instead of the drawing.

    Examples
    --------
    >>> Table("Weights", ("Round", "Weight"), ((1, 1.0),)).as_dict()["rows"]
    [[1, 1.0]]
    """

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]

    def __post_init__(self) -> None:
        bad = [i for i, row in enumerate(self.rows) if len(row) != len(self.columns)]
        if bad:
            raise ValueError(f"table {self.caption!r}: rows {bad} do not have one cell per column")

    def as_dict(self) -> dict[str, Any]:
        """The table as the book's renderer reads it from ``usermeta.teachkit.table``."""
        return {
            "caption": self.caption,
            "columns": list(self.columns),
            "rows": [list(row) for row in self.rows],
        }


# ---------------------------------------------------------------- the description


@dataclass(frozen=True)
class Explorable:
    """What an explorable is: its title, question, prompt, model card and controls.

    :meth:`start` checks the explorer function's arguments against the
    controls; :meth:`compose` stacks the panels, binds the controls and adds
    the title, the description and the table alternative.
    """

    title: str
    question: str
    predict: str
    controls: tuple[Control, ...]
    card: str | None = None
    notes: tuple[str, ...] = field(default=())

    def control(self, param: str) -> Control:
        """The control that sets the Vega param ``param``."""
        found = [c for c in self.controls if c.param == param]
        if not found:
            raise KeyError(f"no control for param {param!r}")
        return found[0]

    def start(self, **arguments: object) -> dict[str, Any]:
        """Check each argument against its control: the starting value of every param."""
        by_argument = {c.argument: c for c in self.controls}
        unknown = sorted(set(arguments) - set(by_argument))
        if unknown:
            raise TypeError(f"unexpected arguments {unknown}; controls: {sorted(by_argument)}")
        return {by_argument[a].param: by_argument[a].check(v) for a, v in arguments.items()}

    def params(self, start: Mapping[str, Any]) -> list[alt.Parameter]:
        """One bound param per control, in the order of the controls."""
        return [c.param_for(start[c.param]) for c in self.controls if c.param in start]

    def subtitle(self) -> list[str]:
        """The lines under the title: the question, the prompt and the model card."""
        lines = [self.question, self.predict, *self.notes]
        if self.card:
            lines.append(card_line(self.card))
        return [line for line in lines if line]

    def compose(
        self,
        panels: Sequence[Any],
        *,
        start: Mapping[str, Any],
        description: str,
        table: Table,
        extra_params: Sequence[alt.Parameter] = (),
        narrow: Mapping[str, Any] | None = None,
    ) -> alt.VConcatChart:
        """The finished explorable: the panels stacked, the controls bound, no ``configure``.

        ``narrow`` maps a panel's name to the panel to draw instead on a narrow screen
        (see :func:`teachkit.charts.theme.narrow`); it travels in the chart's metadata.
        """
        import altair as alt

        meta: dict[str, Any] = {
            "table": table.as_dict(),
            "controls": [c.describe() for c in self.controls],
        }
        if narrow:
            meta["narrow"] = {name: panel.to_dict() for name, panel in narrow.items()}
        chart: alt.VConcatChart = (
            alt.vconcat(*panels)
            .resolve_scale(color="independent", shape="independent", strokeDash="independent")
            .add_params(*self.params(start), *extra_params, meta_param(self.title, meta))
            .properties(
                title=alt.TitleParams(text=self.title, subtitle=self.subtitle()),
                description=description,
            )
        )
        return chart


META_PREFIX = "teachkit_meta_"


def meta_param(title: str, meta: Mapping[str, Any]) -> alt.Parameter:
    """The chart's own metadata (table alternative, controls) as an unbound param.

    Vega-Lite allows ``usermeta`` only on a top-level chart, which would stop a
    student from concatenating teachkit charts; a param travels with its chart
    into ``alt.hconcat`` and ``alt.layer``. Read it back with :func:`chart_meta`.
    """
    import altair as alt

    slug = "".join(c if c.isalnum() else "_" for c in title.lower()).strip("_")
    return alt.param(name=META_PREFIX + slug, value=dict(meta))


def chart_meta(spec: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every teachkit metadata block in a Vega-Lite spec (one per explorable in it).

    Also reads the older form, ``usermeta.teachkit``, which a plain chart may carry.

    Examples
    --------
    >>> from teachkit.charts.shadow import future_weights
    >>> [m["table"]["columns"] for m in chart_meta(future_weights().to_dict())]
    [['Round', 'Weight']]
    """
    found = [
        dict(p["value"])
        for p in spec.get("params", [])
        if str(p.get("name", "")).startswith(META_PREFIX) and isinstance(p.get("value"), dict)
    ]
    legacy = (
        spec.get("usermeta", {}).get("teachkit") if isinstance(spec.get("usermeta"), dict) else None
    )
    return [*found, legacy] if isinstance(legacy, dict) else found


def card_line(key: str) -> str:
    """A subtitle line naming where the model's form comes from and its model card.

    Examples
    --------
    >>> card_line("axelrod")
    "Model: Axelrod's own stated equation — see the model card, tk.model_card('axelrod')"
    """
    from teachkit.models import DERIVATION_LABELS, model_card

    card = model_card(key)
    label = next(lb for lb in DERIVATION_LABELS if card.derivation.startswith(lb))
    author = key.capitalize() + "'s"
    label = label.replace("the author's", author).replace("author's own", author + " own")
    return f"Model: {label} — see the model card, tk.model_card({key!r})"
