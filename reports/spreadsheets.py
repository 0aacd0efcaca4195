"""The year's tables as an XLSX workbook: the figures of the PDF, to work on in Excel.

Every figure comes from what the PDF prints: `build_bilan` (meetings per
committee, their dates, participants per programme and in all) and the same
querysets (`reported_sessions`). Python only lays rows out. Three sheets,
each with a frozen header row:
- "Réunions": each committee, its meetings planned and held, then one date
  cell per meeting, and the total;
- "Sessions": each session with its programme(s) and women / men /
  unrecorded / total, then the subtotals per programme and the year's totals
  (a session serving two programmes counts in both subtotals, once in the
  totals, as in the PDF);
- "Filières et études": the year's university programmes, then its studies.
Like the PDF, the workbook holds validated records only, unless a user asks
for the records still under review that they may see (then marked in an
"État de validation" column). Like every spreadsheet, it is in French whatever
the user's language (`spreadsheets.language`).
"""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from programmes.models import Action
from reports.bilan import build_bilan
from reports.models import Study, UniversityProgramme
from reports.stats import reported_sessions
from spreadsheets.language import file_language
from spreadsheets.writer import workbook_bytes, write_row, write_table

SESSION_COLUMNS = (
    gettext_lazy("Intitulé"),
    gettext_lazy("Type"),
    gettext_lazy("Programme(s)"),
    gettext_lazy("Actions"),
    gettext_lazy("Projets"),
    gettext_lazy("Organisateurs"),
    gettext_lazy("Bénéficiaires"),
    gettext_lazy("Lieu"),
    gettext_lazy("Date de début"),
    gettext_lazy("Date de fin"),
    gettext_lazy("Sessions"),
    gettext_lazy("Femmes"),
    gettext_lazy("Hommes"),
    gettext_lazy("Sexe non renseigné"),
    gettext_lazy("Total"),
    gettext_lazy("État de validation"),
)
# Where the figures start: subtotal and total rows put theirs in the same columns.
FIGURES_COLUMN = 10  # "Sessions"
FIGURE_KEYS = ("sessions", "women", "men", "unrecorded", "total")


def _figures_row(label: str, figures: dict) -> list:
    row = [label] + [None] * (FIGURES_COLUMN - 1)
    return row + [figures[key] for key in FIGURE_KEYS]


def meetings_sheet(sheet, bilan: dict) -> None:
    committees = bilan["statistics"]["committees"]
    most = max((len(row["dates"]) for row in committees), default=0)
    # The year's target where staff set one (committees.MeetingTarget), else blank.
    headers = [_("Comité"), _("Objectif de réunions"), _("Réunions tenues")]
    headers += [_("Réunion %(number)s") % {"number": number} for number in range(1, most + 1)]
    rows = [[row["label"], row["expected"], row["held"], *row["dates"]] for row in committees]
    line = write_table(sheet, headers, rows)
    write_row(sheet, line, [_("Total"), None, bilan["totals"]["meetings"]], bold=True)


def _session_rows(year: int, drafts_for) -> list[list]:
    sessions = (
        reported_sessions(year, drafts_for)
        .order_by("start_date", "pk")
        .prefetch_related(
            "projects", "organisers", Prefetch("actions", queryset=Action.objects.in_code_order())
        )
    )
    rows = []
    for session in sessions:
        actions = list(session.actions.all())
        programmes = sorted({action.programme_id for action in actions})
        rows.append(
            [
                session.title,
                session.get_kind_display(),
                ", ".join(str(number) for number in programmes),
                ", ".join(action.code for action in actions),
                "; ".join(str(project) for project in session.projects.all()),
                "; ".join(str(institution) for institution in session.organisers.all()),
                session.beneficiaries,
                session.place,
                session.start_date,
                session.end_date,
                None,
                session.women,
                session.men,
                session.unrecorded,
                session.total,
                session.get_review_state_display(),
            ]
        )
    return rows


def sessions_sheet(sheet, bilan: dict) -> None:
    statistics = bilan["statistics"]
    line = write_table(sheet, SESSION_COLUMNS, _session_rows(bilan["year"], bilan["drafts_for"]))
    line += 1
    subtotal_headers = [_("Sous-totaux par programme")] + [None] * (FIGURES_COLUMN - 1)
    write_row(
        sheet, line, subtotal_headers + list(SESSION_COLUMNS[FIGURES_COLUMN : FIGURES_COLUMN + 5]), bold=True
    )
    for programme in statistics["programmes"]:
        line += 1
        label = _("Programme %(number)s : %(name)s") % programme
        write_row(sheet, line, _figures_row(label, programme))
    line += 1
    write_row(sheet, line, _figures_row(_("Ensemble des sessions de l'année"), bilan["totals"]), bold=True)
    line += 2
    write_row(
        sheet,
        line,
        [
            _(
                "Une session qui sert les actions de plusieurs programmes figure dans chacun d'eux ; "
                "l'ensemble la compte une seule fois."
            )
        ],
    )


def programmes_and_studies_sheet(sheet, year: int) -> None:
    programmes = (
        UniversityProgramme.objects.filter(year=year)
        .order_by("pk")
        .prefetch_related(Prefetch("actions", queryset=Action.objects.in_code_order()))
    )
    line = write_table(
        sheet,
        [_("Université"), _("Ville"), _("Diplôme"), _("Intitulé de la filière"), _("Actions")],
        [
            [
                programme.university,
                programme.city,
                programme.get_diploma_display(),
                programme.title,
                ", ".join(action.code for action in programme.actions.all()),
            ]
            for programme in programmes
        ],
    )
    studies = (
        Study.objects.filter(year=year)
        .order_by("title_fr", "pk")
        .prefetch_related("institutions", Prefetch("actions", queryset=Action.objects.in_code_order()))
    )
    write_table(
        sheet,
        [_("Étude"), _("Institutions"), _("Actions")],
        [
            [
                study.title,
                "; ".join(str(institution) for institution in study.institutions.all()),
                ", ".join(action.code for action in study.actions.all()),
            ]
            for study in studies
        ],
        first_line=line + 1,
    )


@file_language
def bilan_workbook(year: int, drafts_for=None) -> bytes:
    """The year's workbook as XLSX bytes: validated records, plus the drafts
    `drafts_for` (a user) may see when they ask for them."""
    bilan = build_bilan(year, drafts_for)
    workbook = Workbook()
    meetings = workbook.active
    meetings.title = _("Réunions")
    meetings_sheet(meetings, bilan)
    sessions_sheet(workbook.create_sheet(_("Sessions")), bilan)
    programmes_and_studies_sheet(workbook.create_sheet(_("Filières et études")), year)
    return workbook_bytes(workbook)
