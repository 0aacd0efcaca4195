"""A record's history in the admin (django-simple-history), in French and scoped:
who changed which field, before → after; what a user whose form went stale is
told; and the history pages, which show only what the user may reach."""

import datetime

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model
from django.utils import formats, timezone
from django.utils.translation import gettext
from simple_history.models import ModelChange, ModelDelta
from simple_history.template_utils import HistoricalRecordContextHelper
from simple_history.utils import get_history_manager_for_model

from access.people import person

VERSION_FIELD = "version"


# What the history shows as changes: every tracked field but these.
HISTORY_HIDDEN_FIELDS = {"id", VERSION_FIELD, "submitted_at", "reviewed_at"}


class HistoryContextHelper(HistoricalRecordContextHelper):
    """simple-history's before → after display, with choice labels, oui/non and
    French dates instead of raw stored values."""

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        field = self.model._meta.get_field(change.field)
        if value is None or value == "":
            return gettext("(vide)")
        if isinstance(value, list):
            return value
        if field.choices:
            return dict(field.flatchoices).get(value, value)
        if isinstance(value, bool):
            return gettext("oui") if value else gettext("non")
        if isinstance(value, datetime.datetime):
            return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
        if isinstance(value, datetime.date):
            return formats.date_format(value, "SHORT_DATE_FORMAT")
        return value


def history_fields(model: type[Model]) -> set[str]:
    """The tracked fields shown in a record's history: the review state too
    (not editable in forms, but a change everyone needs to see), never the
    primary key, the version counter or timestamps the history row has itself."""
    history = get_history_manager_for_model(model).model
    names = {field.name for field in history.tracked_fields}
    names |= {field.name for field in history._history_m2m_fields}
    return names - HISTORY_HIDDEN_FIELDS


def _related_or_none(record, field):
    try:
        return getattr(record, field.name)
    except ObjectDoesNotExist:
        return None


def record_changes(model: type[Model], newer, older) -> list[dict]:
    """[{field, old, new}] between two historical records of one object, in French."""
    shown = history_fields(model)
    # simple-history diffs editable fields only; the others (review state,
    # reviewer…) are compared here.
    hidden_from_diff = {field for field in newer.tracked_fields if not field.editable and field.name in shown}
    delta = newer.diff_against(
        older,
        included_fields=shown - {field.name for field in hidden_from_diff},
        foreign_keys_are_objs=True,
    )
    changes = list(delta.changes)
    for field in hidden_from_diff:
        if getattr(older, field.attname) != getattr(newer, field.attname):
            if field.is_relation:
                changes.append(
                    ModelChange(field.name, _related_or_none(older, field), _related_or_none(newer, field))
                )
            else:
                changes.append(
                    ModelChange(field.name, getattr(older, field.attname), getattr(newer, field.attname))
                )
    changes.sort(key=lambda change: change.field)
    delta = ModelDelta(changes, [change.field for change in changes], older, newer)
    return HistoryContextHelper(model, newer).context_for_delta_changes(delta)


def changes_since(instance: Model, version: int) -> list[str]:
    """One line per change saved after `version` of `instance`: who, when, and
    each field with its value before → after."""
    if not hasattr(instance, "history"):
        return []
    records = list(instance.history.order_by("history_id").select_related("history_user"))
    baseline = None
    later = []
    for record in records:
        if getattr(record, VERSION_FIELD) <= version:
            baseline, later = record, []
        else:
            later.append(record)
    lines = []
    previous = baseline
    for record in later:
        if previous is not None:
            changes = record_changes(type(instance), record, previous)
            if changes:
                lines.append(
                    gettext("%(who)s, le %(when)s : %(changes)s.")
                    % {
                        "who": person(record.history_user),
                        "when": formats.date_format(
                            timezone.localtime(record.history_date), "SHORT_DATETIME_FORMAT"
                        ),
                        "changes": " ; ".join(f"{c['field']} : {c['old']} → {c['new']}" for c in changes),
                    }
                )
        previous = record
    return lines


def stale_messages(instance: Model, version: int) -> list[str]:
    """What a user whose form was loaded at `version` is told when saving it."""
    return [
        gettext(
            "Quelqu'un a modifié cet enregistrement pendant que vous le modifiiez : "
            "vos changements n'ont pas été enregistrés. Modifications faites entre-temps :"
        ),
        *(changes_since(instance, version) or [gettext("(le détail n'est pas disponible)")]),
        gettext("Rechargez la page pour repartir de la version enregistrée, puis refaites vos changements."),
    ]
