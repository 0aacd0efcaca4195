"""Markdown fields: a short help on the syntax and an « Aperçu » that renders
the text exactly as the bilan does (reports' narrative filter, nh3), through
a POST endpoint for the roles that write, CSRF-checked, size- and time-limited."""

import datetime
import time

import pytest
from django.apps import apps
from django.test import Client

from committees.models import Meeting
from reports import preview_views
from reports.models import NarrativeSection
from tests.admin import admin_url, page_text
from tests.factories import MeetingFactory, NarrativeSectionFactory
from trainings.models import Session

PREVIEW = "/reports/apercu-markdown/"


def test_every_markdown_field_is_declared_for_the_admin():
    # The fields whose help says Markdown, and those the models name, are the same.
    said, declared = set(), set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            help_text = str(getattr(field, "help_text", ""))
            if help_text.startswith("Texte en Markdown") and not model.__name__.startswith("Historical"):
                said.add(f"{model.__name__}.{field.name}")
        declared |= {f"{model.__name__}.{name}" for name in getattr(model, "markdown_fields", ())}
        # Each language of a translated Markdown field (body_fr, body_ar, body_en) says so too.
        said -= {
            f"{model.__name__}.{f.name}" for f in model._meta.get_fields() if hasattr(f, "translated_field")
        }

    assert said == declared
    assert declared == {
        "Meeting.agenda",
        "Meeting.decisions",
        "Meeting.alerts",
        "Programme.purpose",
        "ActionProgress.narrative",
        "NarrativeSection.body",
        "ReportItem.text",
        "Study.summary",
    }


def test_a_markdown_field_has_its_help_and_preview_button(focal_client, cp2, health_ministry):
    meeting = MeetingFactory(
        committee=cp2, date=datetime.date(2020, 6, 10), author_institution=health_ministry
    )

    text = page_text(focal_client.get(admin_url(Meeting, "change", meeting.pk)))

    assert text.count('<details class="snia-markdown-help">') == 3
    assert "Titre : <code>### Titre</code>, sous-titre : <code>#### Sous-titre</code>." in text
    assert "Tableau : <code>| Colonne | Colonne |</code>, puis <code>| --- | --- |</code>" in text
    assert (
        '<button type="button" class="button snia-preview-button" hidden\n'
        f'  data-preview-url="{PREVIEW}" data-preview-for="id_agenda" data-preview-output="id_agenda-apercu"'
    ) in text
    assert '<div class="snia-markdown-preview" id="id_agenda-apercu"' in text
    # A static script, no inline one (strict CSP).
    assert '<script src="/static/snia/markdown_preview.js"></script>' in text
    assert "<script>" not in text


def test_other_text_fields_are_plain(staff_client):
    text = page_text(staff_client.get(admin_url(Session, "add")))

    assert "snia-markdown-help" not in text


def test_a_staff_narrative_form_has_the_preview_too(staff_client):
    section = NarrativeSectionFactory()

    text = page_text(staff_client.get(admin_url(NarrativeSection, "change", section.pk)))

    assert 'data-preview-for="id_body_fr"' in text


def test_the_preview_renders_and_sanitises_as_the_bilan_does(focal_client):
    text = (
        "### Coordination\n\n"
        "- **Deux** réunions\n- une [note](https://exemple.ma)\n\n"
        "| Année | Sessions |\n| --- | --- |\n| 2020 | 15 |\n\n"
        '<script>alert(1)</script> [piège](javascript:alert(1)) <img src="file:///etc/passwd">'
    )

    response = focal_client.post(PREVIEW, {"text": text})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response.content.decode() == (
        "<h3>Coordination</h3>\n"
        "<ul>\n<li><strong>Deux</strong> réunions</li>\n"
        '<li>une <a href="https://exemple.ma" rel="noopener noreferrer">note</a></li>\n</ul>\n'
        "<table>\n<thead>\n<tr>\n<th>Année</th>\n<th>Sessions</th>\n</tr>\n</thead>\n"
        "<tbody>\n<tr>\n<td>2020</td>\n<td>15</td>\n</tr>\n</tbody>\n</table>\n\n"
        # The script, its text and the image are gone; the javascript: link lost its address.
        '<p><a rel="noopener noreferrer">piège</a> </p>'
    )


@pytest.mark.parametrize("client_name", ["staff_client", "administrator_client", "focal_client"])
def test_the_roles_that_write_may_preview(request, client_name):
    response = request.getfixturevalue(client_name).post(PREVIEW, {"text": "**oui**"})

    assert (response.status_code, response.content.decode()) == (200, "<p><strong>oui</strong></p>")


def test_readers_anonymous_and_no_role_accounts_are_refused(reader_client, db):
    from tests.factories import UserFactory

    no_role = Client()
    no_role.force_login(UserFactory(username="sans-role", is_staff=True))

    reader = reader_client.post(PREVIEW, {"text": "x"})
    anonymous = Client().post(PREVIEW, {"text": "x"})
    refused = no_role.post(PREVIEW, {"text": "x"})

    assert (reader.status_code, reader.content.decode()) == (
        403,
        "Les lecteurs n'écrivent aucun texte : pas d'aperçu.",
    )
    # Then the dashboard, not this POST-only address (a GET there would answer 405).
    assert (anonymous.status_code, anonymous["Location"]) == (302, "/admin/login/?next=/")
    assert refused.status_code == 403


def test_the_preview_is_posted_never_fetched(staff_client):
    assert staff_client.get(PREVIEW, {"text": "x"}).status_code == 405


def test_the_preview_needs_the_csrf_token(staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)

    assert client.post(PREVIEW, {"text": "x"}).status_code == 403


def test_too_long_a_text_is_refused_in_french(staff_client):
    response = staff_client.post(PREVIEW, {"text": "a" * 100_001})

    assert (response.status_code, response.content.decode()) == (
        413,
        "Texte trop long pour l'aperçu (100\u202f000 caractères au plus).",
    )


def test_a_nul_character_is_refused_before_the_view(staff_client):
    assert staff_client.post(PREVIEW, {"text": "a\x00b"}).status_code == 400


def test_a_text_markdown_takes_minutes_over_answers_a_french_message_within_the_budget(staff_client):
    # Python-Markdown is quadratic in unmatched « [ »: 20,000 of them take minutes.
    started = time.monotonic()

    response = staff_client.post(PREVIEW, {"text": "[" * 20_000})

    assert (response.status_code, response.content.decode()) == (
        422,
        "L'aperçu de ce texte n'a pas pu être calculé à temps : simplifiez-le "
        "(des milliers de crochets « [ » ou de chevrons « < », par exemple).",
    )
    # The child was killed at the budget, not left running: well under the minutes it needs.
    assert time.monotonic() - started < 60


def test_a_renderer_that_fails_answers_the_same_message(staff_client, monkeypatch):
    def broken(text):
        raise RecursionError

    monkeypatch.setattr(preview_views, "render_markdown", broken)

    response = staff_client.post(PREVIEW, {"text": "x"})

    assert response.status_code == 422


def test_an_empty_text_previews_as_nothing(staff_client):
    response = staff_client.post(PREVIEW, {})

    assert (response.status_code, response.content.decode()) == (200, "")
