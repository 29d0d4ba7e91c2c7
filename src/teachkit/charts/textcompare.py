"""Where a copy departs from its original: :func:`edit_chart` draws a text comparison.

The comparison itself is text analysis with no chart, in
:mod:`teachkit.models.textcompare` (:func:`~teachkit.models.compare_texts`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from teachkit.charts.explorable import Table, meta_param
from teachkit.charts.theme import OKABE_ITO, WIDTH
from teachkit.models.textcompare import TextComparison, TextEdit

if TYPE_CHECKING:
    import altair as alt

_TITLE: Final = "Where the copy departs from the original"
_KINDS: Final = ["replaced", "deleted", "inserted"]
_FLAGGED: Final = ["flagged", "not flagged"]


def _cells(e: TextEdit) -> tuple[int, str, str, str, str]:
    """One edit as table cells: position, kind, original, copy and flags."""
    return (
        e.original_start,
        e.kind,
        e.original or "(nothing)",
        e.copy or "(nothing)",
        ", ".join(e.flags) or "-",
    )


def _table(comparison: TextComparison) -> Table:
    return Table(
        "Every edit from the original to the copy, in the original's order",
        ("Position (token)", "Change", "Original", "Copy", "Meaning flags"),
        tuple(_cells(e) for e in comparison.edits),
    )


def edit_chart(comparison: TextComparison) -> alt.Chart:
    """Where the edits fall in the original: one mark per edit, by kind and by flag.

    The horizontal axis is the position in the original (in tokens); each
    kind of edit has its own row and each mark's shape says whether the
    edit carries a meaning flag (triangle) or not (circle), so nothing
    depends on colour (the Okabe-Ito colours only repeat the shape). A
    tooltip shows the phrases; the chart's table alternative lists every edit.

    Parameters
    ----------
    comparison : TextComparison
        The result of :func:`teachkit.compare_texts`.

    Returns
    -------
    altair.Chart
        A strip chart with a description and a table alternative.

    Raises
    ------
    TypeError
        If ``comparison`` is not a :class:`~teachkit.models.TextComparison`.

    Examples
    --------
    >>> from teachkit.models import compare_texts
    >>> chart = edit_chart(compare_texts("a b c d", "a x c"))
    >>> chart.to_dict()["description"].startswith("Strip chart")
    True
    """
    import altair as alt
    import pandas as pd

    if not isinstance(comparison, TextComparison):
        raise TypeError(
            "comparison must be the result of compare_texts(original, copy), "
            f"got {type(comparison).__name__}"
        )
    columns = ["position", "kind", "original", "copy", "flags"]
    frame = pd.DataFrame([_cells(e) for e in comparison.edits], columns=columns)
    frame["flagged"] = ["flagged" if e.flags else "not flagged" for e in comparison.edits]
    colours = alt.Scale(domain=_FLAGGED, range=[OKABE_ITO["vermillion"], OKABE_ITO["blue"]])
    shapes = alt.Scale(domain=_FLAGGED, range=["triangle-up", "circle"])
    titles = {"kind": "Change", "original": "Original", "copy": "Copy", "flags": "Meaning flags"}
    description = (
        f"Strip chart of {comparison.edit_count} edits along the original text "
        f"({comparison.changed_share:.0%} of its words replaced or deleted): one row each for "
        "replaced, deleted and inserted words; triangles mark edits with a meaning flag, "
        "circles edits without one."
    )
    x_scale = alt.Scale(domain=[0, max(1, comparison.original_tokens)])
    chart: alt.Chart = (
        alt.Chart(frame)
        .mark_point(size=90, filled=True, opacity=0.9)
        .encode(
            x=alt.X(
                "position:Q",
                title="Position in the original (tokens from the start)",
                scale=x_scale,
            ),
            y=alt.Y("kind:N", title=None, sort=_KINDS, scale=alt.Scale(domain=_KINDS)),
            shape=alt.Shape("flagged:N", scale=shapes, title="Meaning flag"),
            color=alt.Color("flagged:N", scale=colours, title="Meaning flag"),
            tooltip=[alt.Tooltip(f"{k}:N", title=t) for k, t in titles.items()],
        )
        .add_params(meta_param(_TITLE, {"table": _table(comparison).as_dict()}))
        .properties(width=WIDTH, height=120, title=_TITLE, description=description)
    )
    return chart
