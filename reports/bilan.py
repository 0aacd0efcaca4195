"""The context of a year's bilan programmatique, built from querysets.

`build_bilan` is pure: no request, no rendering. It runs a fixed number of
queries whatever the number of programmes, sessions, meetings or sections:
each kind of record is read once, with its relations prefetched, and then
placed in the chapter and subsection it belongs to. Figures come from the
database (`reports.stats`); Python only arranges rows.
"""

from collections import defaultdict

from django.db.models import OuterRef, Prefetch, Q
from django.db.models.functions import Length
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from access.rules import reported
from committees.models import Committee
from programmes.models import Action, ActionProgress, Programme, SpecificObjective
from reports import bilan_tables
from reports.bilan_rows import (
    Subsection,
    committee_label,
    join_french,
    session_row,
    totals_row,
)
from reports.charts import participants_by_sex_chart
from reports.cover import cover_context
from reports.models import NarrativeSection, ReportingYear, ReportItem, Study, UniversityProgramme
from reports.stats import (
    PARTICIPANT_KEYS,
    participant_figures,
    participant_sums,
    reported_meetings,
    reported_sessions,
    sessions_serving,
    year_statistics,
)
from reports.translations import has_demo_translation
from reports.without_content import with_chapter

# The committee meetings table is printed twice: in the synthesis, and in the
# subsection of the objective that holds this action (the SNIA's governance
# and coordination, 11.1), as the published report does. If no displayed
# objective holds it, the synthesis alone carries the table.
GOVERNANCE_ACTION_CODE = "11.1"


def _add_meeting_dates(year: int, committee_rows: list[dict], drafts_for) -> None:
    """Completes year_statistics' committee rows with each committee's label and meeting dates."""
    meetings = reported_meetings(year, drafts_for).order_by("date", "start_time")
    committees = Committee.objects.prefetch_related(
        Prefetch("meetings", queryset=meetings, to_attr="meetings_of_year")
    )
    by_code = {committee.code: committee for committee in committees}
    for row in committee_rows:
        committee = by_code[row["code"]]
        row["label"] = committee_label(committee)
        row["dates"] = [meeting.date for meeting in committee.meetings_of_year]
        row["unvalidated_dates"] = {
            meeting.date for meeting in committee.meetings_of_year if not meeting.is_validated
        }


def _programmes() -> list[Programme]:
    in_order = Action.objects.in_code_order()
    objectives = SpecificObjective.objects.order_by("number").prefetch_related(
        Prefetch("actions", queryset=in_order, to_attr="ordered_actions")
    )
    return list(
        Programme.objects.order_by("number").prefetch_related(
            Prefetch("specific_objectives", queryset=objectives, to_attr="objectives"),
            Prefetch(
                "actions", queryset=in_order.select_related("specific_objective"), to_attr="ordered_actions"
            ),
        )
    )


def _placement(action: Action) -> tuple[str, int]:
    """Where an action's records go: its objective's subsection, or its programme's other actions.

    Objectives without a programme are not displayed (their programme is not
    known yet), so their actions' records go with the action's programme.
    """
    objective = action.specific_objective
    if objective is not None and objective.programme_id is not None:
        return ("objective", objective.pk)
    return ("programme", action.programme_id)


def _place(records, linked_actions: dict[tuple, set]) -> dict[tuple, list]:
    """Records grouped by placement, each once per placement, in the queryset's order.

    Notes in `linked_actions` which actions brought records to each placement.
    """
    placed: dict[tuple, dict] = defaultdict(dict)
    for record in records:
        for action in record.actions.all():
            key = _placement(action)
            placed[key][record.pk] = record
            linked_actions[key].add(action.pk)
    return {key: list(records.values()) for key, records in placed.items()}


def _session_totals(year: int, drafts_for) -> dict[tuple, dict]:
    """Table totals by placement, aggregated by the database (one query each kind)."""
    figures = [f"n_{key}" for key in PARTICIPANT_KEYS]
    by_objective = SpecificObjective.objects.annotate(
        **participant_sums(
            sessions_serving(year, Q(action__specific_objective=OuterRef(OuterRef("pk"))), drafts_for)
        )
    ).values("pk", *figures)
    # The same rule as `_placement`: actions whose objective has no programme
    # (or that have no objective) count under their own programme.
    outside_objectives = Q(action__programme=OuterRef(OuterRef("pk"))) & Q(
        action__specific_objective__programme__isnull=True
    )
    by_programme = Programme.objects.annotate(
        **participant_sums(sessions_serving(year, outside_objectives, drafts_for))
    ).values("pk", *figures)
    totals = {("objective", row["pk"]): totals_row(participant_figures(row)) for row in by_objective}
    totals.update({("programme", row["pk"]): totals_row(participant_figures(row)) for row in by_programme})
    return totals


def _records(year: int, drafts_for) -> dict[str, dict[tuple, list]]:
    with_objective = Action.objects.select_related("specific_objective")
    sessions = (
        reported_sessions(year, drafts_for)
        .filter(actions__isnull=False)
        .distinct()
        .order_by("start_date", "pk")
        .prefetch_related("projects", "organisers", Prefetch("actions", queryset=with_objective))
    )
    university_programmes = (
        UniversityProgramme.objects.filter(year=year)
        .order_by("pk")
        .prefetch_related(Prefetch("actions", queryset=with_objective))
    )
    studies = (
        Study.objects.filter(year=year)
        .order_by("title_fr", "pk")
        .prefetch_related("institutions", Prefetch("actions", queryset=with_objective))
    )
    linked_actions: dict[tuple, set] = defaultdict(set)
    return {
        "sessions": {
            key: [session_row(session) for session in rows]
            for key, rows in _place(sessions, linked_actions).items()
        },
        "university_programmes": _place(university_programmes, linked_actions),
        "studies": _place(studies, linked_actions),
        "linked_actions": linked_actions,
    }


def _progress(year: int, drafts_for) -> dict[tuple, list[ActionProgress]]:
    """The year's états d'avancement, placed like the records of their action."""
    entries = reported(ActionProgress.objects.filter(year=year), drafts_for)
    entries = entries.select_related("action__specific_objective")
    grouped: dict[tuple, list] = defaultdict(list)
    for entry in entries.order_by("action__programme", Length("action__code"), "action__code"):
        grouped[_placement(entry.action)].append(entry)
    return grouped


def _narratives(year: int) -> dict[tuple, list[NarrativeSection]]:
    """Narrative sections by (programme, objective or None), in position order."""
    grouped: dict[tuple, list] = defaultdict(list)
    sections = (
        NarrativeSection.objects.filter(year=year)
        .select_related("specific_objective")
        .order_by("programme", "specific_objective__number", "position", "pk")
    )
    for section in sections:
        objective = section.specific_objective
        # A section about an objective that is not displayed joins its
        # programme's "other actions" subsection rather than vanishing.
        if objective is not None and objective.programme_id is None:
            grouped[("programme", section.programme_id)].append(section)
        elif objective is not None:
            grouped[("objective", objective.pk)].append(section)
        else:
            grouped[("intro", section.programme_id)].append(section)
    return grouped


def _report_items(year: int) -> dict[tuple, list[ReportItem]]:
    grouped: dict[tuple, list] = defaultdict(list)
    for item in ReportItem.objects.filter(year=year).order_by("programme", "kind", "position", "pk"):
        grouped[(item.programme_id, item.kind)].append(item)
    return grouped


def _subsection(
    key: tuple, number: str, title: str, anchor: str, actions: list, found: dict, title_in_french=False
) -> Subsection:
    return Subsection(
        number=number,
        title=title,
        anchor=anchor,
        title_in_french=title_in_french,
        actions=actions,
        narratives=found["narratives"].get(key, []),
        progress=found["progress"].get(key, []),
        sessions=found["sessions"].get(key, []),
        session_totals=found["session_totals"].get(key),
        university_programmes=found["university_programmes"].get(key, []),
        studies=found["studies"].get(key, []),
    )


def _chapter(programme: Programme, found: dict, committees: list[dict]) -> dict:
    subsections = []
    for objective in programme.objectives:
        key = ("objective", objective.pk)
        subsection = _subsection(
            key,
            f"1.{len(subsections) + 1}",
            objective.title,
            f"osp-{objective.number}",
            objective.ordered_actions,
            found,
            title_in_french=objective.translation_missing("title"),
        )
        if any(action.code == GOVERNANCE_ACTION_CODE for action in objective.ordered_actions):
            subsection.committees = committees
        subsections.append(subsection)

    # Records of actions without a displayed objective: shown under their
    # programme, titled with those actions only, so that no record vanishes.
    key = ("programme", programme.pk)
    other = _subsection(
        key,
        f"1.{len(subsections) + 1}",
        _("Autres actions du programme"),
        f"programme-{programme.number}-autres-actions",
        [],
        found,
    )
    if not other.is_empty:
        linked = found["linked_actions"][key]
        other.actions = [action for action in programme.ordered_actions if action.pk in linked]
        subsections.append(other)

    items = found["report_items"]
    introduction = found["narratives"].get(("intro", programme.pk), [])
    texts = [
        *introduction,
        *(section for subsection in subsections for section in subsection.narratives),
        *(
            item
            for (programme_id, _kind), listed in items.items()
            if programme_id == programme.pk
            for item in listed
        ),
    ]
    return {
        "programme": programme,
        "anchor": f"programme-{programme.number}",
        "objectives": programme.objectives,
        "introduction": introduction,
        # Arabic written for the demo, not by a translator: said under the chapter's title.
        "demo_translation": has_demo_translation(texts),
        "subsections": subsections,
        "challenges": items.get((programme.pk, ReportItem.Kind.CHALLENGE), []),
        "measures": items.get((programme.pk, ReportItem.Kind.MEASURE), []),
        "recommendations": items.get((programme.pk, ReportItem.Kind.RECOMMENDATION), []),
    }


def _without_sessions(programmes: list[dict]) -> str:
    """« programme 5 » or « programmes 1, 2 et 10 »: those the chart leaves out
    ("" when it draws them all, or when there is no chart: the synthesis then
    says that no participant was recorded)."""
    numbers = [str(row["number"]) for row in programmes if not row["sessions"]]
    if not numbers or len(numbers) == len(programmes):
        return ""
    return ngettext("programme %(numbers)s", "programmes %(numbers)s", len(numbers)) % {
        "numbers": join_french(numbers)
    }


def build_bilan(year: int, drafts_for=None) -> dict:
    """Everything the bilan template prints for `year`.

    The published bilan holds validated records only. A preview with the
    drafts of `drafts_for` (a user) also shows the drafts, submitted and
    returned records that user may see (access.rules.reported), each marked
    as not validated.
    """
    statistics = year_statistics(year, drafts_for)
    _add_meeting_dates(year, statistics["committees"], drafts_for)

    found = {
        **_records(year, drafts_for),
        "progress": _progress(year, drafts_for),
        "session_totals": _session_totals(year, drafts_for),
        "narratives": _narratives(year),
        "report_items": _report_items(year),
    }
    held = [row for row in statistics["committees"] if row["held"]]
    parts = [
        {"kind": kind, "title": title, "anchor": f"partie-{kind}", "chapters": []}
        for kind, title in (
            (Programme.Kind.SECTORAL, _("Programmes sectoriels")),
            (Programme.Kind.TRANSVERSE, _("Programmes transverses")),
        )
    ]
    part_of = {part["kind"]: part for part in parts}
    synthesis_tables = bilan_tables.synthesis_tables(year)
    tables = list(synthesis_tables.values())
    # The year's settings, read once: which chapters (full_chapters), the cover.
    settings = ReportingYear.objects.filter(year=year).first()
    chapters, without_content = with_chapter(
        [_chapter(programme, found, held) for programme in _programmes()],
        full_chapters=settings is not None and settings.full_chapters,
    )
    for chapter in chapters:
        chapter["tables"] = bilan_tables.lay_out_chapter(chapter, year)
        tables.extend(chapter["tables"])
        part_of[chapter["programme"].kind]["chapters"].append(chapter)
    if drafts_for is not None:
        bilan_tables.flag_probable_duplicates(reported_sessions(year, drafts_for), found["sessions"])

    totals = statistics["totals"]
    return {
        "year": year,
        "next_year": year + 1,
        "include_unvalidated": drafts_for is not None,
        "drafts_for": drafts_for,
        "statistics": statistics,
        # Meetings are printed against a target only where staff set one for the year.
        "has_meeting_targets": any(row["expected"] is not None for row in statistics["committees"]),
        # Participants whose sex is recorded: the base of the share of women.
        "totals": {**totals_row(totals), "recorded": totals["women"] + totals["men"]},
        "women_share_percent": None
        if statistics["women_share"] is None
        else round(statistics["women_share"] * 100, 1),
        "chart": participants_by_sex_chart(statistics["programmes"]) if totals["total"] else "",
        # Programmes the chart leaves out: no validated session this year.
        "programmes_without_sessions": _without_sessions(statistics["programmes"]),
        "cover": cover_context(year, settings),
        "parts": [part for part in parts if part["chapters"]],
        "synthesis_tables": synthesis_tables,
        # The « Liste des tableaux » at the end of the document: only when
        # the chapters hold tables (the synthesis's two alone need no list).
        "tables": tables if len(tables) > len(synthesis_tables) else [],
        # Named in one paragraph (reports/bilan/without_content.html).
        "programmes_without_content": without_content,
    }
