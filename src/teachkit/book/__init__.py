"""teachkit.book: the book's machinery, on top of the student library.

The Sphinx extension (list ``teachkit.book`` in ``_config.yml``), the student
and instructor editions, launch buttons and notebook downloads, self-check
quizzes, the generated data appendix and glossary, and the assignment export
(``python -m teachkit.book.assign``). Nothing in ``teachkit.data``,
``teachkit.models``, ``teachkit.charts`` or ``teachkit.widgets`` imports it, and
importing this package does not import Sphinx: :func:`setup` does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the extension with Sphinx (see :mod:`teachkit.book.sphinxext`)."""
    from teachkit.book.sphinxext import setup as _setup

    return _setup(app)
