"""The year's figures as CSV, carried inside the bilan's PDF (PDF/A-3 attachment).

Any reader can recompute the synthesis from this file: one row per committee
(meetings), one per programme (sessions and participants by sex), and the
year's totals. The CSV travels inside the HTML as a `data:` link (see
`figures_link`), so that the PDF stays a function of the HTML alone: the stored
PDF and the test suite's render cache are keyed on the HTML's hash.
"""

import base64
import csv
import io
from datetime import date
from urllib.parse import unquote_to_bytes

from django.utils.translation import gettext as _

MEDIA_TYPE = "text/csv"


def _headers() -> list[str]:
    return [
        _("Rubrique"),
        _("Numéro ou sigle"),
        _("Intitulé"),
        _("Réunions prévues"),
        _("Réunions tenues"),
        _("Sessions"),
        _("Hommes"),
        _("Femmes"),
        _("Sexe non renseigné"),
        _("Total des participants"),
    ]


NO_PARTICIPANTS = ("",) * 5


def _row(kind: str, code, name: str, expected="", held="", participants=NO_PARTICIPANTS) -> list:
    return [kind, code, name, "" if expected is None else expected, held, *participants]


def _participants(row: dict) -> tuple:
    return (row["sessions"], row["men"], row["women"], row["unrecorded"], row["total"])


def figures_csv(statistics: dict) -> str:
    """`reports.stats.year_statistics`' figures as CSV text (comma-separated, a header row).

    An empty cell means « not applicable » or « no target set », never zero.
    """
    output = io.StringIO()
    writer = csv.writer(output, lineterminator="\r\n")
    writer.writerow(_headers())
    for committee in statistics["committees"]:
        writer.writerow(
            _row(
                _("Comité"),
                committee["code"],
                committee["name"],
                committee.get("expected"),
                committee["held"],
            )
        )
    for programme in statistics["programmes"]:
        writer.writerow(
            _row(
                _("Programme"), programme["number"], programme["name"], participants=_participants(programme)
            )
        )
    totals = statistics["totals"]
    everything = _("Ensemble de l'année %(year)s") % {"year": statistics["year"]}
    writer.writerow(
        _row(_("Ensemble"), "", everything, held=totals["meetings"], participants=_participants(totals))
    )
    return output.getvalue()


def figures_link(statistics: dict, document_date: date) -> dict:
    """What the bilan template needs for its `<link rel="alternate" type="text/csv">`.

    `modified` is the file's date, which PDF/A-3 requires of an attachment: the
    document's date (reports.cover: the publication or closing date, else the
    last day of the year the figures cover) — never the time of rendering.
    """
    content = base64.b64encode(figures_csv(statistics).encode("utf-8")).decode("ascii")
    year = statistics["year"]
    return {
        "href": f"data:{MEDIA_TYPE};charset=utf-8;base64,{content}",
        "filename": _("chiffres-%(year)s.csv") % {"year": year},
        "title": _("Chiffres de l'année %(year)s (synthèse du bilan)") % {"year": year},
        "modified": document_date.isoformat(),
    }


def data_url_bytes(url: str) -> bytes:
    """The content of a `data:` URL (base64 or percent-encoded)."""
    header, _separator, data = url.partition(",")
    if header.endswith(";base64"):
        return base64.b64decode(data)
    return unquote_to_bytes(data)
