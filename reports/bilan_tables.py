"""The tables of each chapter of the bilan: built from a subsection's rows,
placed where its narrative's markers say (reports.tables), then numbered.

Called by reports.bilan once the subsections hold their records, so that
`build_bilan` stays the one entry point; like it, no rendering happens here
beyond the narrative's sanitised Markdown.
"""

from django.db.models import Count, F, QuerySet, Sum
from django.utils.translation import gettext as _

from reports.stats import participant_figures
from reports.tables import (
    MARKER,
    MARKERS,
    Table,
    canonical,
    group_of,
    number_tables,
    place,
)
from reports.templatetags.narrative import render_markdown
from trainings.duplicates import duplicate_ids
from trainings.models import Session

SESSIONS_TEMPLATE = "reports/bilan/sessions_table.html"

# Every table of the bilan has `table-layout: fixed` (bilan.css): WeasyPrint
# takes its columns' widths from its <colgroup> (bilan/colgroup.html) rather
# than measuring the text of every cell first. The widths per table type, in
# percent of the text width (172 mm on A4): enough for a date, a figure and
# its header to keep to one line; the rest to the column of text that wraps
# (committee, programme, title). The session tables' depend on their columns
# (session_columns).
COLUMN_WIDTHS = {
    # « 30 septembre 2020 (non validé) » on one line in a preview; « 12 / 12 ».
    "meetings": (("committee", 55), ("held", 15), ("dates", 30)),
    # « Sexe non renseigné » on one line; figures up to « 999 999 ».
    "figures": (
        ("programme", 46),
        ("sessions", 9),
        ("men", 9),
        ("women", 9),
        ("unrecorded", 18),
        ("total", 9),
    ),
    "university_programmes": (("university", 14), ("city", 16), ("diploma", 14), ("title", 56)),
    "studies": (("title", 75), ("institutions", 25)),
}


def column_widths(kind: str) -> list[tuple[str, str]]:
    """Each column of a `kind` table and its width, as a CSS percentage, for its <colgroup>."""
    return [(key, f"{width}%") for key, width in COLUMN_WIDTHS[kind]]


# The optional text columns of a session table, with their relative widths;
# a column empty on every row is dropped and the others share its width.
SESSION_TEXT_COLUMNS = (
    ("projects", 10),
    ("organisers", 13),
    ("beneficiaries", 22),
    ("place", 9),
)
TITLE_WIDTH = 34
NUMBER_WIDTH = 7.5


def session_columns(rows: list[dict]) -> tuple[list[str], list[tuple[str, str]]]:
    """The columns a session table shows, and each one's width (a CSS percentage)."""
    present = {
        "projects": any(row["projects"] for row in rows),
        "organisers": any(row["organisers"] for row in rows),
        "beneficiaries": any(row["session"].beneficiaries for row in rows),
        "place": any(row["session"].place for row in rows),
        "unrecorded": any(row["unrecorded"] for row in rows),
    }
    columns = ["title", *(key for key, _width in SESSION_TEXT_COLUMNS if present[key]), "men", "women"]
    if present["unrecorded"]:
        columns.append("unrecorded")
    columns.append("total")
    weights = {"title": TITLE_WIDTH, **dict(SESSION_TEXT_COLUMNS)}
    numbers = [key for key in columns if key not in weights]
    text_share = 100 - NUMBER_WIDTH * len(numbers)
    text_weight = sum(weights[key] for key in columns if key in weights)
    widths = [
        (key, f"{weights[key] * text_share / text_weight:.1f}%" if key in weights else f"{NUMBER_WIDTH}%")
        for key in columns
    ]
    return columns, widths


def session_totals(rows: list[dict]) -> dict:
    """The totals row of a table holding part of a subsection's sessions, from the database."""
    figures = Session.objects.filter(pk__in=[row["session"].pk for row in rows]).aggregate(
        n_sessions=Count("pk"),
        n_men=Sum("men", default=0),
        n_women=Sum("women", default=0),
        n_unrecorded=Sum("unrecorded", default=0),
        n_total=Sum(F("women") + F("men") + F("unrecorded"), default=0),
    )
    return participant_figures(figures)


def _session_table(rows: list[dict], caption: str, totals: dict) -> Table:
    columns, widths = session_columns(rows)
    return Table("sessions", caption, SESSIONS_TEMPLATE, rows, totals=totals, columns=columns, widths=widths)


SESSION_CAPTIONS = {
    "sessions": lambda: _("Sessions de formation, de sensibilisation et d'échange"),
    "sessions:formations": lambda: _("Sessions de formation"),
    "sessions:événements": lambda: _("Événements de sensibilisation"),
}


def _caption_marker(marker: str, rows: list[dict]) -> str:
    """The marker whose caption fits `rows`: a table of « sessions » holding
    trainings only, or awareness events only, is captioned as such, so that two
    tables of one chapter do not read alike."""
    if marker != "sessions" and not group_of(marker):
        return marker
    for narrower in ("sessions:formations", "sessions:événements"):
        if all(row["session"].kind in MARKERS[narrower][1] for row in rows):
            return narrower
    return "sessions"


def session_tables(subsection, markers: list[str]) -> dict[str, list[Table]]:
    """The subsection's sessions as tables, one per session marker of its
    narrative (in the order written) that finds rows, and one for the rest.

    « sessions:<name> » takes first the sessions whose « tableau du bilan »
    is <name> (Session.report_table); then « sessions:formations » the
    trainings, seminars, workshops and webinars not yet placed;
    « sessions:événements » the awareness events; « sessions » all those
    left. One table with every row (the usual case) keeps the subsection's
    totals; split tables total their own rows.
    """
    rows, tables = list(subsection.sessions), {}
    written = list(dict.fromkeys(m for m in markers if m.startswith("sessions")))
    for marker in sorted(written, key=lambda m: group_of(m) is None):  # stable: groups first
        group, kinds = group_of(marker), MARKERS.get(marker, ("", None))[1]
        if group:
            taken = [row for row in rows if row["session"].report_table == group]
        else:
            taken = [row for row in rows if kinds is None or row["session"].kind in kinds]
        if taken:
            tables[marker] = taken
            rows = [row for row in rows if all(row is not other for other in taken)]
    if rows:
        tables.setdefault("sessions", []).extend(rows)
    whole = len(tables) == 1
    return {
        marker: [
            _session_table(
                taken,
                SESSION_CAPTIONS[_caption_marker(marker, taken)](),
                subsection.session_totals if whole else session_totals(taken),
            )
        ]
        for marker, taken in tables.items()
    }


def subsection_tables(subsection, year: int, markers: list[str]) -> dict[str, list[Table]]:
    """The subsection's tables by marker, in the order they go at its end when no marker places them."""
    tables: dict[str, list[Table]] = {}
    if subsection.progress:
        tables["avancement"] = [
            Table(
                "progress",
                _("État d'avancement des actions"),
                "reports/bilan/progress_list.html",
                subsection.progress,
                numbered=False,
            )
        ]
    if subsection.committees:
        tables["réunions"] = [
            Table(
                "meetings",
                _("Réunions des comités en %(year)s") % {"year": year},
                "reports/bilan/meetings_caption_table.html",
                subsection.committees,
                widths=column_widths("meetings"),
            )
        ]
    if subsection.sessions:
        tables.update(session_tables(subsection, markers))
    if subsection.university_programmes:
        tables["filières"] = [
            Table(
                "university_programmes",
                _("Filières universitaires traitant de la migration et de l'asile"),
                "reports/bilan/university_programmes_table.html",
                subsection.university_programmes,
                widths=column_widths("university_programmes"),
            )
        ]
    if subsection.studies:
        # The summaries are for studies no narrative tells of: when the
        # subsection has narrative, it is where staff describe the studies
        # (the demo's summaries are its sentences), so the table lists
        # titles and institutions only rather than print the text twice.
        columns = ["title", "institutions"] if subsection.narratives else ["title", "summary", "institutions"]
        tables["études"] = [
            Table(
                "studies",
                _("Études publiées"),
                "reports/bilan/studies_table.html",
                subsection.studies,
                columns=columns,
                widths=column_widths("studies"),
            )
        ]
    return tables


def flag_probable_duplicates(sessions: QuerySet, placed: dict[tuple, list]) -> None:
    """Marks, in a preview with drafts, the rows of `sessions` probably entered
    twice (trainings.duplicates), so that staff see them before publishing
    (the closing checklist lists them too); the published bilan is unchanged."""
    flagged = duplicate_ids(sessions)
    for rows in placed.values():
        for row in rows:
            row["probable_duplicate"] = row["session"].pk in flagged


def synthesis_tables(year: int) -> dict[str, Table]:
    """The synthesis's two tables, numbered « S.1 » and « S.2 »."""
    tables = {
        "meetings": Table(
            "meetings",
            _("Réunions des comités en %(year)s") % {"year": year},
            "",
            [],
            widths=column_widths("meetings"),
        ),
        "figures": Table(
            "figures", _("Sessions et participants par programme"), "", [], widths=column_widths("figures")
        ),
    }
    number_tables(list(tables.values()), "S")
    return tables


def _markers(sections) -> list[str]:
    found = (canonical(match.group(1)) for section in sections for match in MARKER.finditer(section.body))
    return [marker for marker in found if marker]


def lay_out_chapter(chapter: dict, year: int) -> list[Table]:
    """Gives each narrative section of `chapter` its parts (`section.parts`)
    and each subsection the tables left for its end (`subsection.tables`);
    numbers the chapter's tables and returns them in printed order."""
    for section in chapter["introduction"]:
        # Before any subsection: its markers name no table.
        section.parts = place([render_markdown(section.body)], {})[0][0]
    printed: list[Table] = []
    for subsection in chapter["subsections"]:
        tables = subsection_tables(subsection, year, _markers(subsection.narratives))
        bodies = [render_markdown(section.body) for section in subsection.narratives]
        parts, subsection.tables = place(bodies, tables)
        for section, section_parts in zip(subsection.narratives, parts, strict=True):
            section.parts = section_parts
            printed.extend(part.table for part in section_parts if part.table)
        printed.extend(subsection.tables)
    return number_tables(printed, str(chapter["programme"].number))
