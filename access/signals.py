"""The closed-year guard.

A closed year must stay as published whatever writes to it: the admin, the
API, an import, a management command or a shell. Forms and serializers give
the friendly message first (access.rules.can_change, ReportingYear.ensure_open);
this guard, on every save and delete of a year-bound record, is what makes it
true for every other path.
"""

from django.db.models.signals import m2m_changed, pre_delete, pre_save
from django.dispatch import receiver

YEAR_BOUND = {
    "committees.meeting",
    "trainings.session",
    "programmes.actionprogress",
    "reports.narrativesection",
    "reports.reportitem",
    "reports.study",
    "reports.universityprogramme",
}


def _is_year_bound(model) -> bool:
    return f"{model._meta.app_label}.{model._meta.model_name}" in YEAR_BOUND


def record_year(instance) -> int | None:
    """The reporting year a record belongs to, even before its fields are cleaned
    (code may assign a date as a string, which Django accepts on save)."""
    if "date" in {f.name for f in instance._meta.concrete_fields}:
        day = instance._meta.get_field("date").to_python(instance.date)
        return day.year if day else None
    return instance.year


def _ensure_open(instance, *, include_stored: bool) -> None:
    from reports.models import ReportingYear

    ReportingYear.objects.ensure_open(record_year(instance))
    if include_stored and instance.pk is not None:
        # Moving a record out of a closed year changes that year too.
        stored = type(instance)._base_manager.filter(pk=instance.pk).first()
        if stored is not None:
            ReportingYear.objects.ensure_open(record_year(stored))


@receiver(pre_save, dispatch_uid="access.closed_year_save")
def refuse_saving_into_closed_year(sender, instance, raw=False, **kwargs) -> None:
    if not raw and _is_year_bound(sender):
        _ensure_open(instance, include_stored=True)


@receiver(pre_delete, dispatch_uid="access.closed_year_delete")
def refuse_deleting_from_closed_year(sender, instance, **kwargs) -> None:
    if _is_year_bound(sender):
        _ensure_open(instance, include_stored=False)


@receiver(m2m_changed, dispatch_uid="access.closed_year_m2m")
def refuse_relinking_in_closed_year(sender, instance, action, reverse, **kwargs) -> None:
    if action.startswith("pre_") and not reverse and _is_year_bound(type(instance)):
        _ensure_open(instance, include_stored=False)
