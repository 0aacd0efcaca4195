"""A year's editions: served by the bilan's URLs once the year is closed, and
downloadable — without an account once published — from /publications/."""

from django.contrib import admin
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from reports.editions import checksums
from reports.models import FILES, BilanEdition


def edition_response(edition: BilanEdition, kind: str, *, filename: str | None = None) -> FileResponse:
    """The stored file as it is, byte for byte. HTML opens in the browser; the
    others download (under `filename`, or the edition's own name)."""
    spec = FILES[kind]
    try:
        stored = edition.file_of(kind).open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(
        stored,
        as_attachment=kind != "html",
        filename=filename or edition.download_name(kind),
        content_type=spec.content_type,
    )


def may_download(request: HttpRequest, edition: BilanEdition) -> bool:
    """A published edition is for everyone; others for those who may read editions."""
    return edition.is_published or request.user.has_perm("reports.view_bilanedition")


def publications(request: HttpRequest) -> HttpResponse:
    """The published editions, each file with its SHA-256, for anyone."""
    editions = (
        BilanEdition.objects.published().select_related("year").order_by("-year__year", "language", "-number")
    )
    rows = [{"edition": edition, "files": checksums(edition)} for edition in editions]
    context = {**admin.site.each_context(request), "title": _("Bilans programmatiques publiés"), "rows": rows}
    return render(request, "reports/publications.html", context)


def edition_download(request: HttpRequest, year: int, language: str, number: int, kind: str) -> HttpResponse:
    if kind not in FILES:
        raise Http404
    edition = get_object_or_404(
        BilanEdition.objects.select_related("year"), year__year=year, language=language, number=number
    )
    # An unpublished edition answers as if it did not exist.
    if not may_download(request, edition):
        raise Http404
    return edition_response(edition, kind)
