"""The rows and subsections the bilan's templates print: plain arrangements
of records already read by `reports.bilan.build_bilan`, no query of their own."""

from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from committees.models import Committee
from reports import bidi
from trainings.models import Session

UNRECORDED_MARK = "-"


@dataclass
class Subsection:
    """One subsection of "Activités menées": an objective, or the actions without one."""

    number: str
    title: str
    anchor: str
    # The title shows its French for want of a translation (Translatable.translation_missing).
    title_in_french: bool = False
    actions: list = field(default_factory=list)
    narratives: list = field(default_factory=list)
    sessions: list = field(default_factory=list)
    session_totals: dict | None = None
    university_programmes: list = field(default_factory=list)
    studies: list = field(default_factory=list)
    committees: list = field(default_factory=list)
    progress: list = field(default_factory=list)
    # The tables no marker of the narrative placed: printed at the end
    # (reports.bilan_tables.lay_out_chapter).
    tables: list = field(default_factory=list)

    @property
    def numbered_title(self) -> str:
        """« 1.1. Title ». In a right-to-left bilan, a title left in French is one
        left-to-right block with its number: alone, the number would read « .1.1 »
        at the line's other end (an Arabic title keeps it at its start)."""
        text = f"{self.number}. {self.title}"
        if self.title_in_french and translation.get_language_bidi():
            return bidi.isolate_left_to_right(text)
        return text

    @property
    def heading(self) -> str:
        codes = actions_label(self.actions)
        return f"{self.numbered_title} ({codes})" if codes else self.numbered_title

    @property
    def has_unrecorded_rows(self) -> bool:
        return any(row["unrecorded"] for row in self.sessions)

    @property
    def is_empty(self) -> bool:
        return not (
            self.narratives
            or self.progress
            or self.sessions
            or self.university_programmes
            or self.studies
            or self.committees
        )


def join_french(items: list[str]) -> str:
    """'a', 'a et b', 'a, b et c'."""
    if len(items) < 2:
        return "".join(items)
    return _("%(first)s et %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def actions_label(actions: list) -> str:
    """'Action 11.5' or 'Actions 11.12, 11.13 et 11.14' (empty without actions)."""
    if not actions:
        return ""
    codes = join_french([action.code for action in actions])
    return ngettext("Action %(codes)s", "Actions %(codes)s", len(actions)) % {"codes": codes}


def sex_cells(women: int, men: int, unrecorded: int) -> tuple[int | str, int | str]:
    """(men, women) as printed: "-" for both when nobody's sex was recorded."""
    if unrecorded and not women and not men:
        return UNRECORDED_MARK, UNRECORDED_MARK
    return men, women


def session_row(session: Session) -> dict:
    # The table shows a « Non renseigné » column as soon as one row has
    # participants whose sex was not recorded, so that men + women + not
    # recorded = total on every row: no « - » nor footnote is needed.
    return {
        "session": session,
        "validated": session.is_validated,
        "projects": [str(project) for project in session.projects.all()],
        "organisers": [str(institution) for institution in session.organisers.all()],
        "men": session.men,
        "women": session.women,
        "unrecorded": session.unrecorded,
        "total": session.total,
        # Set by build_bilan in a preview with drafts (trainings.duplicates).
        "probable_duplicate": False,
    }


def totals_row(figures: dict) -> dict:
    men, women = sex_cells(figures["women"], figures["men"], figures["unrecorded"])
    return {**figures, "men_cell": men, "women_cell": women}


def committee_label(committee: Committee) -> str:
    # Programme committees are known by their code ("CP1 : Éducation…");
    # the others by their name alone, as in the published table.
    if committee.kind == Committee.Kind.PROGRAMME:
        return f"{committee.code} : {committee.name}"
    return committee.name
