"""The closed-year guard.

A closed year must stay as published whatever writes to it: the admin, the
API, an import, a management command or a shell. Forms and serializers give
the friendly message first (access.rules.can_change, access.years.ensure_open);
this guard, on every save and delete of a year-bound record (one that
declares a `year_field`, see access.years), is what makes it
true for every other path.
"""

from django.db.models.signals import m2m_changed, pre_delete, pre_save
from django.dispatch import receiver

from access import years


def _ensure_open(instance, *, include_stored: bool) -> None:
    # Moving a record out of a closed year changes that year too.
    for year in years.touched_years(instance) if include_stored else [years.record_year(instance)]:
        years.ensure_open(year)


@receiver(pre_save, dispatch_uid="access.closed_year_save")
def refuse_saving_into_closed_year(sender, instance, raw=False, **kwargs) -> None:
    if not raw and years.is_year_bound(sender):
        _ensure_open(instance, include_stored=True)


@receiver(pre_delete, dispatch_uid="access.closed_year_delete")
def refuse_deleting_from_closed_year(sender, instance, **kwargs) -> None:
    if years.is_year_bound(sender):
        _ensure_open(instance, include_stored=False)


@receiver(m2m_changed, dispatch_uid="access.closed_year_m2m")
def refuse_relinking_in_closed_year(sender, instance, action, reverse, **kwargs) -> None:
    if action.startswith("pre_") and not reverse and years.is_year_bound(type(instance)):
        _ensure_open(instance, include_stored=False)
