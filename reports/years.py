"""A reporting year exists as soon as something is recorded for it.

Saving a meeting, a session, an action's progress or a text of the bilan for a
year that has none creates it (`open_year_for_record`, connected in
reports.apps to every year-bound model's post_save: the domain apps never
import reports). MDCMRE staff may also open a year before anything is recorded
(`open_year`, reports.year_views). Either way it is an ordinary save: the
year's history (django-simple-history) says who opened it and when.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from access import years
from access.rules import is_mdcmre
from reports.models import ReportingYear
from reports.models.years import PUBLICATION_FIELDS

FIRST_YEAR, LAST_YEAR = 2014, 2100


def is_valid_year(year: int) -> bool:
    return FIRST_YEAR <= year <= LAST_YEAR


def open_year(year: int) -> tuple[ReportingYear, bool]:
    """The reporting year `year`, created if missing; True when this call created it.

    Race-safe: of two transactions opening the same year at once, the second
    waits on the unique index, then finds the first's row (get_or_create
    retries the read after the IntegrityError, inside its own savepoint)."""
    existing = ReportingYear.objects.filter(year=year).first()
    if existing is not None:
        return existing, False
    try:
        return ReportingYear.objects.get_or_create(year=year)
    except IntegrityError:
        # Created by another transaction between our read and our insert, and
        # committed after get_or_create's own second read: read it once more.
        with transaction.atomic():
            return ReportingYear.objects.get(year=year), False


def open_year_for_record(sender, instance, raw: bool = False, **kwargs) -> None:
    """post_save of a year-bound record: its year exists from now on."""
    if raw or not years.is_year_bound(sender):
        return
    year = years.record_year(instance)
    # Out of the range a reporting year accepts (a meeting dated 1999): no year,
    # rather than a save that fails on the year's CHECK constraint.
    if year is not None and is_valid_year(year):
        open_year(year)


def years_to_open(user) -> list[int]:
    """This calendar year and the next, those not open yet, for MDCMRE staff
    (the « Ouvrir l'année N » buttons of the years' list)."""
    if not is_mdcmre(user):
        return []
    this_year = timezone.localdate().year
    wanted = [year for year in (this_year, this_year + 1) if is_valid_year(year)]
    existing = set(ReportingYear.objects.filter(year__in=wanted).values_list("year", flat=True))
    return [year for year in wanted if year not in existing]


def refuse_closed_publication_change(
    sender, instance: ReportingYear, raw: bool = False, update_fields=None, **kwargs
) -> None:
    """pre_save of ReportingYear (connected in reports.apps): the cover's
    settings of a closed year are frozen whatever writes them (admin, shell,
    import), as access.signals freezes its records."""
    if raw or (update_fields is not None and not set(update_fields) & set(PUBLICATION_FIELDS)):
        return
    instance.ensure_publication_open()
