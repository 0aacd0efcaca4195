"""Sessions that were probably entered twice.

The published 2020 report itself lists some sessions twice: the same training
of 17 women and 10 men under two titles, the same 48 ENSA students in two
tables. Such rows are flagged for MDCMRE staff (admin list filter, change form,
closing checklist), never refused: two sessions may truly look alike.

Two sessions of the same year are probable duplicates when they have
- the same organisers and the same counts (women, men, sex not recorded), or
- the same title and the same dates (when dates are known), or
- the same beneficiaries and the same total (the same people counted twice,
  split by sex differently).
Titles and beneficiaries are compared without case, accents or punctuation.
"""

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

SAME_ORGANISERS_AND_COUNTS = "counts"
SAME_TITLE_AND_DATES = "title"
SAME_BENEFICIARIES_AND_TOTAL = "beneficiaries"

REASONS = {
    SAME_ORGANISERS_AND_COUNTS: _("mêmes organisateurs et mêmes effectifs"),
    SAME_TITLE_AND_DATES: _("même intitulé et mêmes dates"),
    SAME_BENEFICIARIES_AND_TOTAL: _("mêmes bénéficiaires et même total"),
}


@dataclass(frozen=True)
class DuplicateGroup:
    """Sessions (two or more) that look like one another, and why."""

    reason: str
    sessions: tuple

    @property
    def reason_label(self) -> str:
        return str(REASONS[self.reason])

    def __str__(self) -> str:
        titles = " ; ".join(f"« {session.title} »" for session in self.sessions)
        return f"{self.sessions[0].year} : {titles} ({self.reason_label})"


def normalised(text: str) -> str:
    """Lower case, without accents, punctuation or repeated spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.sub(r"[^\w]+", " ", letters).split())


def _keys(session, organiser_ids: frozenset) -> list[tuple]:
    total = session.women + session.men + session.unrecorded
    keys = []
    # An empty session (0 counted) says nothing about its participants.
    if total:
        counts = (session.women, session.men, session.unrecorded)
        keys.append((SAME_ORGANISERS_AND_COUNTS, session.year, organiser_ids, counts))
        beneficiaries = normalised(session.beneficiaries)
        if beneficiaries:
            keys.append((SAME_BENEFICIARIES_AND_TOTAL, session.year, beneficiaries, total))
    title = normalised(session.title)
    # Without dates a shared title says little: the 2020 report names two
    # different events (officials, then migrants) after the programme they served.
    if title and session.start_date:
        keys.append((SAME_TITLE_AND_DATES, session.year, title, session.start_date, session.end_date))
    return keys


def probable_duplicates(sessions: QuerySet) -> list[DuplicateGroup]:
    """The groups of probable duplicates among `sessions` (compared within each year).

    Two queries whatever the number of sessions: a year holds at most a few
    thousand, compared in memory.
    """
    # The queryset's own model (trainings.models imports this module, not the
    # reverse), read again by primary key so that whatever `sessions`
    # annotates or prefetches is left aside.
    session = sessions.model
    fields = ("pk", "title", "year", "start_date", "end_date", "women", "men", "unrecorded", "beneficiaries")
    rows = list(session._default_manager.filter(pk__in=sessions.values("pk")).order_by().only(*fields))
    links = session.organisers.through.objects.filter(session_id__in=[row.pk for row in rows])
    organisers = defaultdict(set)
    for session_id, institution_id in links.values_list("session_id", "institution_id"):
        organisers[session_id].add(institution_id)
    groups: dict[tuple, list] = defaultdict(list)
    for session in sorted(rows, key=lambda row: row.pk):
        for key in _keys(session, frozenset(organisers[session.pk])):
            groups[key].append(session)
    found = [
        DuplicateGroup(reason=key[0], sessions=tuple(members))
        for key, members in groups.items()
        if len(members) > 1
    ]
    return sorted(found, key=lambda group: (group.sessions[0].year, group.sessions[0].pk, group.reason))


def duplicate_ids(sessions: QuerySet) -> set[int]:
    """The ids of the sessions among `sessions` flagged as probable duplicates."""
    return {session.pk for group in probable_duplicates(sessions) for session in group.sessions}
