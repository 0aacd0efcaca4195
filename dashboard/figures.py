"""The year's key figures, from reports.stats.year_statistics — the very function
the bilan's synthesis and the API's figures use: nothing is counted again here.
Only validated records count, so every role may see them."""

import calendar
import datetime

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dashboard.charts import Bar, Chart, Segment, french, lay_out
from reports.stats import year_statistics


def percent(share: float) -> str:
    """0.53255 → « 53,3 % » (a no-break space before the sign, as French writes it)."""
    return f"{number_format(round(share * 100, 1), 1)}\u00a0%"


def expected_to_date(expected: int | None, year: int, today: datetime.date) -> int | None:
    """Meetings a committee should have held by `today` against the year's
    target `expected` (None without one: nobody is then « en retard »): all of
    them once the year is over, none before it starts, pro rata (rounded down)
    during it."""
    if expected is None:
        return None
    if year < today.year:
        return expected
    if year > today.year:
        return 0
    days = 366 if calendar.isleap(year) else 365
    return expected * today.timetuple().tm_yday // days


def committee_rows(committees: list[dict], year: int, today: datetime.date) -> list[dict]:
    rows = []
    for committee in committees:
        due = expected_to_date(committee["expected"], year, today)
        rows.append(
            {
                **committee,
                "due": due,
                "year_running": year == today.year,
                "behind": due is not None and committee["held"] < due,
            }
        )
    return rows


def meetings_chart(rows: list[dict]) -> Chart:
    # Targets are set per year by staff (committees.MeetingTarget): without
    # any, the chart shows the meetings held, with no mark nor « en retard ».
    has_targets = any(row["expected"] is not None for row in rows)
    bars = []
    for row in rows:
        if row["expected"] is None:
            text = french(row["held"])
        else:
            text = _("%(held)s / %(expected)s") % {
                "held": french(row["held"]),
                "expected": french(row["expected"]),
            }
        bars.append(
            Bar(
                label=row["code"],
                value_text=text,
                css="behind" if row["behind"] else "",
                segments=[Segment("behind" if row["behind"] else "held", _("Réunions tenues"), row["held"])],
                marker=row["expected"],
            )
        )
    if has_targets:
        description = _(
            "Barres : réunions tenues et validées ; trait vertical : objectif de réunions fixé pour l'année. "
            "Les comités en retard sur leur objectif sont signalés."
        )
        legend = [
            ("held", _("Réunions tenues")),
            ("behind", _("En retard sur l'objectif")),
            ("expected", _("Objectif de l'année")),
        ]
    else:
        description = _(
            "Réunions tenues et validées par comité. Aucun objectif de réunions n'est fixé pour l'année."
        )
        legend = [("held", _("Réunions tenues"))]
    return lay_out(
        Chart(
            id="chart-meetings",
            title=_("Réunions tenues par comité"),
            description=description,
            bars=bars,
            legend=legend,
        )
    )


SEX_SEGMENTS = (
    ("women", gettext_lazy("Femmes")),
    ("men", gettext_lazy("Hommes")),
    ("unrecorded", gettext_lazy("Non renseigné")),
)


def _sex_segments(figures: dict) -> list[Segment]:
    return [Segment(key, str(label), figures[key]) for key, label in SEX_SEGMENTS]


def participants_chart(totals: dict) -> Chart:
    bars = [
        Bar(
            label=str(label), value_text=french(totals[key]), segments=[Segment(key, str(label), totals[key])]
        )
        for key, label in SEX_SEGMENTS
    ]
    return lay_out(
        Chart(
            id="chart-participants",
            title=_("Participants par sexe"),
            description=_(
                "%(total)s participants : %(women)s femmes, %(men)s hommes, %(unrecorded)s non renseigné."
            )
            % {key: french(totals[key]) for key in ("total", "women", "men", "unrecorded")},
            bars=bars,
        )
    )


def share_chart(totals: dict, share: float | None) -> Chart:
    recorded = totals["women"] + totals["men"]
    bars = [
        Bar(
            label=_("Sexe renseigné"),
            value_text=percent(share) if share is not None else "—",
            segments=[
                Segment("women", _("Femmes"), totals["women"]),
                Segment("men", _("Hommes"), totals["men"]),
            ],
        )
    ]
    return lay_out(
        Chart(
            id="chart-share",
            title=_("Part des femmes"),
            description=(
                _("%(share)s de femmes parmi les %(recorded)s participants dont le sexe est renseigné.")
                % {"share": percent(share), "recorded": french(recorded)}
                if share is not None
                else _("Aucun participant dont le sexe est renseigné.")
            ),
            bars=bars,
            legend=[("women", _("Femmes")), ("men", _("Hommes"))],
        )
    )


def programmes_chart(programmes: list[dict]) -> Chart:
    bars = [
        Bar(
            label=_("Programme %(number)s") % {"number": row["number"]},
            value_text=french(row["total"]),
            segments=_sex_segments(row),
        )
        for row in programmes
    ]
    return lay_out(
        Chart(
            id="chart-programmes",
            title=_("Participants par programme"),
            description=_("Participants des sessions validées de chaque programme, par sexe."),
            bars=bars,
            legend=[(key, str(label)) for key, label in SEX_SEGMENTS],
        )
    )


def key_figures(year: int, today: datetime.date) -> dict:
    statistics = year_statistics(year)
    totals = statistics["totals"]
    committees = committee_rows(statistics["committees"], year, today)
    share = statistics["women_share"]
    return {
        "statistics": statistics,
        "totals": {key: french(value) for key, value in totals.items()},
        "women_share": percent(share) if share is not None else None,
        "recorded": french(totals["women"] + totals["men"]),
        "committees": committees,
        "has_targets": any(row["expected"] is not None for row in committees),
        "behind": [row for row in committees if row["behind"]],
        "programmes": [
            {**row, **{key: french(row[key]) for key in ("sessions", "women", "men", "unrecorded", "total")}}
            for row in statistics["programmes"]
        ],
        "charts": {
            "meetings": meetings_chart(committees),
            "participants": participants_chart(totals),
            "share": share_chart(totals, share),
            "programmes": programmes_chart(statistics["programmes"]),
        },
    }
