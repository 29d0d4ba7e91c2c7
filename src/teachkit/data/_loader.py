"""The book's datasets: load, describe and cite them, checked against datapackage.json."""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from teachkit.data._errors import DataValidationError as DataValidationError
from teachkit.data._errors import Problem as Problem
from teachkit.data._errors import UnknownDatasetError as UnknownDatasetError
from teachkit.data._schema import _DESCRIPTOR, _frame, _read_checked, _resource_problem

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    import pandas as pd


# -- the data package ---------------------------------------------------------------


@dataclass(frozen=True)
class _Package:
    root: Traversable
    descriptor: Mapping[str, Any]

    @property
    def resources(self) -> dict[str, Mapping[str, Any]]:
        return {r["name"]: r for r in self.descriptor["resources"]}

    def resource(self, name: object) -> Mapping[str, Any]:
        if not isinstance(name, str):
            raise TypeError(
                f"a dataset name must be a str such as 'summits', not {type(name).__name__} "
                f"({name!r}); see teachkit.names()"
            )
        resources = self.resources
        if name not in resources:
            raise UnknownDatasetError(name, sorted(resources))
        return resources[name]


def _root() -> Traversable:
    """Where the data live: the resource package ``teachkit.data.files`` once installed.

    From a checkout that is only on ``sys.path`` (``src/``, as the standard
    ``jupyter-book build .`` route runs it, uninstalled), the repository's
    ``data/`` folder, which is what that package is built from.
    """
    try:
        return files("teachkit.data.files")
    except ModuleNotFoundError:
        checkout = Path(__file__).resolve().parents[3] / "data"
        if (checkout / _DESCRIPTOR).is_file():
            return checkout
        raise


def _open(root: Traversable) -> _Package:
    """Read ``datapackage.json`` under ``root`` (not cached: tests point this at copies)."""
    path = root.joinpath(_DESCRIPTOR)
    file, raw = str(path), path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raise DataValidationError(
            file, f"{file} starts with a byte-order mark (BOM): save it as UTF-8 without a BOM"
        )
    try:
        descriptor = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as err:
        raise DataValidationError(file, f"{file} is not UTF-8 ({err})") from None
    except json.JSONDecodeError as err:
        message = f"{file} is not valid JSON: {err.msg} (line {err.lineno}, column {err.colno})"
        raise DataValidationError(file, message) from None
    _check_descriptor(file, descriptor)
    return _Package(root, descriptor)


def _check_descriptor(file: str, descriptor: object) -> None:
    """Refuse a descriptor teachkit cannot check data against; name the resource and key."""
    resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
    if not isinstance(resources, list) or not resources:
        raise DataValidationError(file, f'{file}: "resources" must be a non-empty list')
    for index, resource in enumerate(resources):
        name = resource.get("name") if isinstance(resource, dict) else None
        where = f"{file}, resource {name!r}" if name else f"{file}, resource {index + 1}"
        problem = _resource_problem(resource) if isinstance(name, str) and name else None
        if not isinstance(name, str) or not name:
            problem = 'has no "name"' if isinstance(resource, dict) else "is not an object"
        if problem:
            raise DataValidationError(file, f"{where}: {problem}")


@functools.cache
def _package() -> _Package:
    return _open(_root())


def names() -> list[str]:
    """The names of the book's datasets, sorted.

    Examples
    --------
    >>> "summits" in names()
    True
    """
    return sorted(_package().resources)


def _load_from(root: Traversable, name: str) -> pd.DataFrame:
    """Check and load dataset ``name`` of the data package at ``root`` (no caching)."""
    return _frame(*_read_checked(root, _open(root).resource(name)))


@functools.cache
def _cached(name: str) -> pd.DataFrame:
    return _frame(*_read_checked(_package().root, _package().resource(name)))


def load(name: str) -> pd.DataFrame:
    """One of the book's datasets as a DataFrame, checked cell by cell against its schema.

    The file's SHA-256 must match ``datapackage.json``, and every cell must
    obey its field's type and constraints; nothing is silently coerced.
    Dates become ``datetime64[s]`` (any year from 1 to 9999; no end date may
    come before its start date), integers ``int64`` (``Int64`` when some are
    missing), booleans ``boolean``, columns with a fixed list of values
    (``enum``) categoricals with the schema's categories in order, and text the
    pandas string dtype. ``low``/``medium``/``high`` scales, and fields marked
    ``categoriesOrdered``, are ordered categoricals. Each dataset is checked
    once per session; restart Python to see later edits to the files.

    Parameters
    ----------
    name : str
        A dataset name from :func:`names`, e.g. ``"summits"``.

    Returns
    -------
    pandas.DataFrame
        A fresh copy: changing it does not change later loads.

    Raises
    ------
    UnknownDatasetError
        If there is no such dataset; the message lists the names.
    DataValidationError
        If the file differs from its hash or breaks its schema; the message
        names the file, row, CSV line, column, value and rule.
    TypeError
        If ``name`` is not a str.

    Examples
    --------
    >>> summits = load("summits")
    >>> summits.loc[summits["id"] == "geneva_1985", "start_date"].dt.year.item()
    1985
    >>> str(summits["kind"].dtype)
    'category'
    """
    _package().resource(name)  # a clear error before anything is cached
    return _cached(name).copy()


# -- rows as records --------------------------------------------------------------------


def _records(name: str) -> list[dict[str, Any]]:
    """A dataset's rows as plain dicts with string keys (checked and typed like :func:`load`)."""
    return [{str(k): v for k, v in row.items()} for row in load(name).to_dict("records")]
