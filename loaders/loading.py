"""Loads one entry of a loader's data, found again by its key on every re-run.

`load_row` is the one rule every loader follows:

- an entry already loaded is found through the ledger (loaders.models), even if
  staff renamed the row since; a row staff deleted is not brought back;
- an entry never loaded adopts the row its natural keys find (a database loaded
  before the ledger existed, or a row staff typed first), when exactly one row
  matches and no other entry owns it; otherwise it is created;
- an existing row only gets its blank fields filled, when asked, and never a
  value that would break a unique rule; once loaded, only placeholders count
  as blank (an empty field may be one staff cleared).
"""

import hashlib
import logging
from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models

from loaders.models import LoadedRecord

logger = logging.getLogger(__name__)

KEY_LENGTH = LoadedRecord._meta.get_field("key").max_length


def stable_key(*parts: object) -> str:
    """A ledger key from an entry's identifying parts: readable, and hashed when too long."""
    text = " | ".join(str(part) for part in parts)
    if len(text) <= KEY_LENGTH:
        return text
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    return f"{text[: KEY_LENGTH - len(digest) - 1]}~{digest}"


def is_blank(value: object, placeholders: tuple[str, ...] = ()) -> bool:
    return value is None or value == "" or value in placeholders


def _breaks_a_rule(obj: models.Model) -> bool:
    try:
        obj.validate_unique()
        obj.validate_constraints()
    except ValidationError:
        return True
    return False


def fill_blanks(
    obj: models.Model, values: dict, placeholders: tuple[str, ...] = (), *, placeholders_only: bool = False
) -> list[str]:
    """Gives `obj` the values of its blank fields; what staff typed stays. Returns the fields filled.

    With `placeholders_only`, only a placeholder (« Intitulé à compléter ») counts as
    blank: on a row loaded before, an empty field may be one staff cleared.
    """
    filled = []
    for field, value in values.items():
        current = getattr(obj, field)
        blank = current in placeholders if placeholders_only else is_blank(current, placeholders)
        if not blank or is_blank(value, placeholders):
            continue
        setattr(obj, field, value)
        if _breaks_a_rule(obj):
            # Another row holds this value now (staff moved an acronym): theirs wins.
            setattr(obj, field, current)
            continue
        filled.append(field)
    if filled:
        # Through save() so that history tracking sees it.
        obj.save(update_fields=filled)
    return filled


def _create(model: type[models.Model], fields: dict) -> models.Model | None:
    obj = model(**fields)
    if _breaks_a_rule(obj):
        logger.warning("%s « %s » non chargé : une autre ligne porte déjà ses valeurs.", model.__name__, obj)
        return None
    obj.save()
    return obj


def _adopt(model: type[models.Model], content_type: ContentType, lookups: list[dict]) -> models.Model | None:
    owned = LoadedRecord.objects.filter(content_type=content_type).values("object_id")
    for lookup in lookups:
        rows = list(model._base_manager.filter(**lookup).exclude(pk__in=owned)[:2])
        if len(rows) == 1:
            return rows[0]
    return None


def load_row(
    model: type[models.Model],
    key: str,
    lookups: list[dict],
    values: dict,
    *,
    fill: bool = False,
    placeholders: tuple[str, ...] = (),
    create: Callable[[dict], models.Model | None] | None = None,
) -> tuple[models.Model | None, bool]:
    """The row of the entry `key`, and whether it was created now.

    `lookups` are the natural keys tried, in order, for an entry never loaded;
    the first one's fields and `values` make a new row (through `create` if
    given). None when staff deleted the row, or when no row can be made
    without breaking a unique rule.
    """
    content_type = ContentType.objects.get_for_model(model)
    if LoadedRecord.objects.filter(content_type=content_type, key=key).exists():
        obj = loaded(model, key)
        if obj is not None and fill:
            # Loaded before: staff may have cleared a field since; only placeholders are filled.
            fill_blanks(obj, values, placeholders, placeholders_only=True)
        return obj, False

    obj = _adopt(model, content_type, lookups)
    created = obj is None
    if obj is None:
        fields = {**lookups[0], **values}
        obj = create(fields) if create is not None else _create(model, fields)
        if obj is None:
            return None, False
    elif fill:
        fill_blanks(obj, values, placeholders)
    LoadedRecord.objects.create(content_type=content_type, key=key, object_id=obj.pk)
    return obj, created


def is_loaded(model: type[models.Model], key: str) -> bool:
    """Whether the entry `key` was loaded before (its row may since have been edited or deleted)."""
    content_type = ContentType.objects.get_for_model(model)
    return LoadedRecord.objects.filter(content_type=content_type, key=key).exists()


def loaded(model: type[models.Model], key: str) -> models.Model | None:
    """The row the entry `key` became, if it was loaded and still exists."""
    content_type = ContentType.objects.get_for_model(model)
    record = LoadedRecord.objects.filter(content_type=content_type, key=key).first()
    if record is None:
        return None
    return model._base_manager.filter(pk=record.object_id).first()
