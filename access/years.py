"""Closed years, as the shared bases see them.

A record that feeds a year's bilan declares the field that places it in a year
(`year_field = "year"`, or `"date"` for a dated record). Which years are closed
is known to the reporting-year model (`reports`), which registers itself here
when its app is ready (`register`). The bases — scoping rules, the admin's and
the API's classes, the spreadsheet import, the closed-year guard — ask here,
and so never import it: dependencies point from the domain to the base.
"""

from typing import Protocol

from django.core.exceptions import ValidationError
from django.db.models import Model


class YearClosedError(ValidationError):
    """Raised on any attempt to change a record of a closed reporting year."""


class ClosedYear(Protocol):
    def closed_message(self) -> str: ...


class Calendar(Protocol):
    """What the reporting-year model tells the bases."""

    def closed_year(self, year: int) -> ClosedYear | None: ...


_calendar: Calendar | None = None


def register(calendar: Calendar) -> None:
    """Called once by the app that owns reporting years (reports.apps)."""
    global _calendar
    _calendar = calendar


def closed_year(year: int | None) -> ClosedYear | None:
    """The closed (or closing) year `year`, which says who closed it and when; None if open."""
    if year is None or _calendar is None:
        return None
    return _calendar.closed_year(year)


def is_closed(year: int | None) -> bool:
    return closed_year(year) is not None


def ensure_open(year: int | None) -> None:
    """Raises YearClosedError, saying by whom and when, if `year` is closed."""
    closed = closed_year(year)
    if closed is not None:
        raise YearClosedError(closed.closed_message(), code="year_closed")


def is_year_bound(model: type[Model]) -> bool:
    return getattr(model, "year_field", None) is not None


def record_year(instance: Model) -> int | None:
    """The reporting year a record belongs to, even before its fields are cleaned
    (code may assign a date as a string, which Django accepts on save)."""
    name = getattr(type(instance), "year_field", None)
    if name is None:
        return None
    value = instance._meta.get_field(name).to_python(getattr(instance, name))
    if value is None or isinstance(value, int):
        return value
    return value.year


def touched_years(instance: Model) -> list[int]:
    """The years a save of `instance` changes: its own as it would be saved and,
    for a stored record moved to another year, the year it leaves."""
    touched = {record_year(instance)}
    # Whenever it has a primary key, even unsaved (`Session(pk=3, …).save()`
    # overwrites row 3): the stored row's year is changed too.
    if instance.pk is not None:
        stored = type(instance)._base_manager.filter(pk=instance.pk).first()
        if stored is not None:
            touched.add(record_year(stored))
    return sorted(year for year in touched if year is not None)


def freezing_year(instance: Model) -> ClosedYear | None:
    """The closed year that makes a stored record read-only, or None: the year
    it is placed in (its `year`), a closed reporting year itself included —
    what `access.rules.can_change` and the admin's pages go by."""
    return closed_year(getattr(instance, "year", None))


def closed_year_of(instance: Model) -> ClosedYear | None:
    """The closed year a record belongs to, or None (also for records of no year)."""
    return closed_year(record_year(instance)) if is_year_bound(type(instance)) else None
