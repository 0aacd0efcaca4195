"""The cover and back cover: the year's logo, publication date, Arabic title
block and address (ReportingYear's publication settings), in the PDF."""

import datetime
import io
import re
import subprocess
import tempfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from access.years import YearClosedError
from reports.exports import current_revision, fingerprint_of
from reports.models import ReportingYear
from reports.pdf import render_bilan_html, render_bilan_pdf
from tests.factories import ReportingYearFactory, UserFactory
from tests.reports.conftest import collapse, pdf_pages

pytestmark = pytest.mark.django_db

# The bidirectional controls pdftotext wraps right-to-left runs in.
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e]")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def png(size: tuple[int, int] = (120, 80), colour: str = "#0072b2") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def year_2021(**fields) -> ReportingYear:
    year = ReportingYearFactory(year=2021)
    ReportingYear.objects.filter(pk=year.pk).update(**fields)
    year.refresh_from_db()
    return year


def closed_on(day: datetime.date) -> dict:
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(11, 30)))
    return {"closed_at": moment, "closed_by": UserFactory()}


def cover_text(pdf: bytes) -> str:
    return collapse(pdf_pages(pdf)[0])


def poppler(command: str, pdf: bytes, *arguments: str) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        return subprocess.run(
            [command, *arguments, file.name, *(["-"] if command == "pdftotext" else [])],
            check=True,
            capture_output=True,
            text=True,
        ).stdout


def pages_with_images(pdf: bytes) -> list[int]:
    """The page numbers (1 = the cover) of each image drawn, by pdfimages (poppler):
    WeasyPrint may share one resource dictionary between pages, so resources alone
    do not say which page shows an image."""
    rows = poppler("pdfimages", pdf, "-list").splitlines()[2:]
    return [int(row.split()[0]) for row in rows]


# The publication date


def test_the_cover_prints_the_publication_date_staff_set(weasyprint_log):
    year_2021(publication_date=datetime.date(2021, 12, 15), **closed_on(datetime.date(2022, 3, 2)))

    text = cover_text(render_bilan_pdf(2021))

    assert "Rapport 2021" in text
    assert "Décembre 2021" in text
    assert "Mars 2022" not in text
    assert weasyprint_log == []


def test_without_a_publication_date_the_cover_prints_the_closing_date():
    year_2021(**closed_on(datetime.date(2022, 3, 2)))

    assert "Mars 2022" in cover_text(render_bilan_pdf(2021))


def test_while_the_year_is_being_closed_the_cover_prints_the_day_closing_was_asked_for():
    # The edition rendered by the closing carries the date the closed year will show.
    asked = timezone.make_aware(datetime.datetime(2022, 2, 28, 16, 0))
    year_2021(closing_started_at=asked)

    # A no-break space inside the date (reports.typography).
    assert "Février\xa02022" in render_bilan_html(2021)


def test_an_open_year_without_a_publication_date_has_no_date_on_its_cover():
    year_2021()

    text = cover_text(render_bilan_pdf(2021))

    # Never the time of rendering: the cover reads as before, and no month is printed.
    assert text.endswith("Stratégie Nationale d’Immigration et d’Asile (SNIA)")
    assert not re.search(
        r"(Janvier|Février|Mars|Avril|Mai|Juin|Juillet|Août|Septembre|Octobre|Novembre|Décembre) 20", text
    )
    assert 'class="cover-date"' not in render_bilan_html(2021)


# The logo


def html_fingerprint(year: int) -> str:
    return fingerprint_of(render_bilan_html(year))


def test_an_uploaded_logo_is_on_the_cover_and_in_the_fingerprint(admin_client):
    year = year_2021()
    without_logo = html_fingerprint(2021), current_revision(2021)
    assert pages_with_images(render_bilan_pdf(2021)) == []

    response = admin_client.post(
        reverse("admin:reports_reportingyear_change", args=[year.pk]),
        change_form(year, logo=SimpleUploadedFile("embleme.png", png(), content_type="image/png")),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    year.refresh_from_db()
    assert year.logo.name == "logos/embleme.png"
    html = render_bilan_html(2021)
    assert html.count('<img src="data:image/png;base64,') == 1
    # A new PDF: the year's revision moved, and the HTML under the file's key changed.
    assert html_fingerprint(2021) != without_logo[0]
    assert current_revision(2021) != without_logo[1]
    # The logo, on the cover only (a PNG with its alpha channel would add an smask row).
    assert pages_with_images(render_bilan_pdf(2021)) == [1]


def test_another_logo_gives_another_fingerprint():
    year = year_2021()
    year.logo.save("embleme.png", ContentFile(png(colour="#0072b2")))
    blue = html_fingerprint(2021), current_revision(2021)
    year.logo.save("embleme.png", ContentFile(png(colour="#d55e00")))

    assert html_fingerprint(2021) != blue[0]
    assert current_revision(2021) != blue[1]


def change_form(year: ReportingYear, **changes) -> dict:
    data = {
        "year": year.year,
        "reporting_deadline": "",
        "publication_date": "",
        "arabic_title": year.arabic_title,
        "back_cover_address": year.back_cover_address,
        "editions-TOTAL_FORMS": 0,
        "editions-INITIAL_FORMS": 0,
        "reopenings-TOTAL_FORMS": 0,
        "reopenings-INITIAL_FORMS": 0,
    }
    return {**data, **changes}


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("embleme.png", b"Ceci est un texte, pas une image.\n"),
            "Ce fichier n'est pas une image PNG ou JPEG valide (son contenu ne correspond pas à son "
            "extension). Le SVG n'est pas accepté.",
        ),
        (
            SimpleUploadedFile("embleme.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'),
            "Ce fichier n'est pas une image PNG ou JPEG valide (son contenu ne correspond pas à son "
            "extension). Le SVG n'est pas accepté.",
        ),
        (
            # A real PNG named as a JPEG: the name must say what the file is.
            SimpleUploadedFile("embleme.jpg", png()),
            "Ce fichier n'est pas une image PNG ou JPEG valide (son contenu ne correspond pas à son "
            "extension). Le SVG n'est pas accepté.",
        ),
        (
            SimpleUploadedFile("embleme.png", png() + b"\0" * (1024 * 1024)),
            "Le logo dépasse la taille autorisée (1 Mo).",
        ),
    ],
    ids=["text-renamed-png", "svg", "png-named-jpg", "too-large"],
)
def test_a_bad_logo_is_refused_in_french_and_nothing_is_saved(admin_client, media, upload, message):
    year = year_2021()

    response = admin_client.post(
        reverse("admin:reports_reportingyear_change", args=[year.pk]),
        change_form(year, logo=upload, publication_date="2021-12-15"),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["logo"] == [message]
    year.refresh_from_db()
    assert (year.logo.name, year.publication_date) == ("", None)
    assert not media.exists() or list(media.rglob("*.*")) == []


def test_the_stored_logo_is_served_to_any_role_never_from_media(client, reader):
    year = year_2021()
    year.logo.save("embleme.png", ContentFile(png()))
    url = reverse("reports:year-logo", kwargs={"name": year.logo.name})
    assert year.logo.url == url == "/reports/annees/logos/logos/embleme.png"

    assert client.get(url).status_code == 302  # to the login page
    client.force_login(reader)
    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == png()
    assert client.get(reverse("reports:year-logo", kwargs={"name": "logos/autre.png"})).status_code == 404


# Frozen with a closed year


def test_a_closed_years_publication_settings_cannot_change():
    year = year_2021(**closed_on(datetime.date(2022, 3, 2)))

    year.publication_date = datetime.date(2022, 1, 10)
    with pytest.raises(YearClosedError, match="L'année 2021 est clôturée depuis le"):
        year.save()
    year.refresh_from_db()
    year.arabic_title = "تقرير"
    # full_clean(), as forms call it: the same refusal, as a form error.
    with pytest.raises(ValidationError, match="L'année 2021 est clôturée depuis le"):
        year.full_clean()
    with pytest.raises(YearClosedError):
        year.logo.save("embleme.png", ContentFile(png()))

    year.refresh_from_db()
    assert (year.publication_date, year.logo.name) == (None, "")


def test_closing_and_reopening_still_work_with_publication_settings(administrator):
    year = year_2021(publication_date=datetime.date(2021, 12, 15))
    year.logo.save("embleme.png", ContentFile(png()))

    year.close(administrator)
    year.reopen(administrator, "Une coquille dans la couverture.")
    year.publication_date = datetime.date(2022, 1, 10)
    year.save()

    year.refresh_from_db()
    assert (year.is_closed, year.publication_date) == (False, datetime.date(2022, 1, 10))


def test_the_admin_shows_the_cover_settings_in_french(admin_client):
    year = year_2021()

    content = admin_client.get(reverse("admin:reports_reportingyear_change", args=[year.pk])).content.decode()

    for text in (
        "Couverture du bilan",
        "Emblème ou logo",
        "Image PNG ou JPEG, 1 Mo au plus (le SVG n'est pas accepté).",
        "Date de publication",
        "Titre en arabe",
        "Adresse de la quatrième de couverture",
    ):
        assert text in content, text
    assert 'dir="rtl" lang="ar"' in content
    assert 'accept="image/png,image/jpeg"' in content


# The Arabic block and the back cover


def test_the_arabic_block_is_shaped_in_noto_naskh_arabic(weasyprint_log):
    year_2021()

    pdf = render_bilan_pdf(2021)

    fonts = poppler("pdffonts", pdf, "-f", "1", "-l", "1")
    assert "Noto-Naskh-Arabic-Bold" in fonts
    assert re.search(r"\+Noto-Naskh-Arabic\s", fonts)
    # pdftotext gives the shaped glyphs back as letters, each line in logical
    # order, but for the year, which it puts before the word on its line.
    text = BIDI_CONTROLS.sub("", poppler("pdftotext", pdf, "-f", "1", "-l", "1"))
    lines = [line.strip() for line in text.splitlines()]
    assert ["المملكة المغربية", "السياسة الوطنية للهجرة واللجوء", "2021 تقرير"] == [
        line for line in lines if re.search("[\u0600-\u06ff]", line)
    ]
    assert weasyprint_log == []


def test_the_back_cover_is_the_last_page_with_the_ministrys_address_and_no_folio():
    year_2021(back_cover_address="MDCMRE\nAvenue Exemple, Rabat\nRoyaume du Maroc")

    pages = pdf_pages(render_bilan_pdf(2021))

    assert collapse(pages[-1]) == "MDCMRE Avenue Exemple, Rabat Royaume du Maroc"
    # Not counted in « n / N »: the last numbered page is the total.
    last = len(pages) - 2
    assert f"{last} / {last}" in pages[-2]


def test_without_an_address_there_is_no_back_cover():
    year_2021(back_cover_address="")

    assert 'class="back-cover"' not in render_bilan_html(2021)


def test_a_jpeg_logo_is_accepted_and_embedded_as_jpeg():
    year = year_2021()
    buffer = io.BytesIO()
    Image.new("RGB", (90, 60), "#e69f00").save(buffer, "JPEG")
    year.logo = SimpleUploadedFile("embleme.jpeg", buffer.getvalue())

    year.full_clean()
    year.save()

    assert '<img src="data:image/jpeg;base64,' in render_bilan_html(2021)
