"""The year's bilan from the dashboard: preview, PDF with its state, workbook,
and for a closed year its stored edition.

Whether the latest PDF is that of the data as they are now is known without
rendering anything (reports.exports.current_revision, one SQL query): the
dashboard says so, and links to the PDF's status page, which offers the
download or a new render.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from access.people import person
from dashboard.years import when
from reports.exports import current_revision
from reports.models import BilanEdition, BilanExport, ReportingYear


def pdf_state(reporting_year: ReportingYear) -> str:
    exports = BilanExport.objects.filter(year=reporting_year)
    pending = exports.pending().first()
    if pending is not None and not pending.is_abandoned:
        if pending.status == BilanExport.Status.RENDERING:
            return _("PDF en cours de rendu (demandé le %(when)s).") % {"when": when(pending.requested_at)}
        return _("PDF en file d'attente (demandé le %(when)s).") % {"when": when(pending.requested_at)}
    ready = exports.latest_ready()
    if ready is not None:
        produced = {"when": when(ready.finished_at or ready.requested_at), "pages": ready.pages}
        if ready.revision == current_revision(reporting_year.year):
            return _("PDF à jour, produit le %(when)s (%(pages)s pages).") % produced
        return (
            _(
                "Dernier PDF produit le %(when)s (%(pages)s pages) ; les données ou la mise en page ont "
                "changé depuis : la page du PDF permet d'en demander un à jour."
            )
            % produced
        )
    return _("Aucun PDF produit pour cette année : la page du PDF permet d'en demander un.")


def bilan_links(year: int, reporting_year: ReportingYear | None) -> dict | None:
    if reporting_year is None:
        return None
    links = {
        "preview": reverse("reports:bilan-preview", args=[year]),
        "workbook": reverse("reports:bilan-xlsx", args=[year]),
        "pdf_page": reverse("reports:bilan-export", args=[year]),
    }
    edition = BilanEdition.objects.served(reporting_year)
    if edition is not None:
        # A closed year: the bilan's URLs serve its edition, byte for byte.
        edition_text = _("Édition n° %(number)s établie le %(when)s par %(who)s.") % {
            "number": edition.number,
            "when": when(edition.closed_at),
            "who": person(edition.closed_by),
        }
        if edition.is_published:
            edition_text += " " + _("Publiée le %(when)s.") % {"when": when(edition.published_at)}
        return {
            **links,
            "pdf": reverse("reports:bilan-pdf", args=[year]),
            "edition": edition_text,
            "publications": reverse("publications:list") if edition.is_published else None,
        }
    return {**links, "pdf_state": pdf_state(reporting_year)}
