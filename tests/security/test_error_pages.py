"""French 400, 403, 404 and 500 pages in the site's layout, whatever DEBUG says for
403, and a favicon everywhere."""

import json

import pytest
from django.template import Context, Template
from django.template.loader import get_template
from django.test import Client

from snia.middleware import server_error
from tests.factories import ReportingYearFactory

pytestmark = pytest.mark.django_db

SITE_HEADER = "SNIA Suivi — Suivi de la Stratégie Nationale d&#x27;Immigration et d&#x27;Asile"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("debug", [False, True], ids=["debug-off", "debug-on"])
def test_a_refused_admin_page_is_the_french_403_page_in_the_sites_layout(settings, reader, debug):
    settings.DEBUG = debug
    response = logged_in(reader).get("/admin/auth/user/")
    body = response.content.decode()
    assert response.status_code == 403
    assert "<title>Accès refusé | SNIA Suivi</title>" in body
    assert "Vous n'avez pas accès à cette page." in body
    assert 'class="snia-nav"' in body and SITE_HEADER in body
    assert "Forbidden" not in body


def test_a_permission_refused_with_a_reason_says_it(settings, focal_cp2):
    response = logged_in(focal_cp2).post("/reports/annees/2031/ouvrir/")
    assert response.status_code == 403
    assert "Seul le personnel du MDCMRE peut ouvrir une année." in response.content.decode()


def test_a_missing_page_is_the_french_404_page_in_the_sites_layout(settings, reader):
    settings.DEBUG = False
    response = logged_in(reader).get("/cette-page/nexiste-pas/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "<title>Page introuvable | SNIA Suivi</title>" in body
    assert "Cette page n'existe pas, ou plus." in body
    assert 'class="snia-nav"' in body
    assert "Not Found" not in body


def test_anonymous_visitors_get_the_french_404_too(settings):
    settings.DEBUG = False
    body = Client().get("/cette-page/nexiste-pas/").content.decode()
    assert "Page introuvable" in body and "Not Found" not in body


def test_a_missing_api_address_answers_json_in_french(settings, reader):
    settings.DEBUG = False
    response = logged_in(reader).get("/api/v1/nexiste-pas/")
    assert (response.status_code, response["Content-Type"]) == (404, "application/json")
    assert json.loads(response.content) == {"detail": "Cette page n'existe pas, ou plus."}


def test_the_500_page_looks_like_the_site_without_touching_the_database(rf, django_assert_num_queries):
    try:
        raise RuntimeError("bug")
    except RuntimeError:
        with django_assert_num_queries(0):
            response = server_error(rf.get("/admin/"))
    body = response.content.decode()
    assert response.status_code == 500
    assert "<title>Erreur du serveur — SNIA Suivi</title>" in body
    assert "Une erreur inattendue s’est produite ; elle a été enregistrée." in body
    assert '<link rel="stylesheet" href="/static/admin/css/base.css">' in body
    assert '<link rel="stylesheet" href="/static/snia/site.css">' in body
    assert '<link rel="icon" href="/static/snia/favicon.svg" type="image/svg+xml">' in body
    assert f'<div id="site-name"><a href="/">{SITE_HEADER}</a></div>' in body


def test_djangos_own_500_template_is_french_with_no_context_at_all():
    body = get_template("500.html").render({})
    assert "<title>Erreur du serveur — SNIA Suivi</title>" in body
    assert "Une erreur inattendue s’est produite" in body


def test_the_favicon_address_leads_to_the_static_file(settings):
    response = Client().get("/favicon.ico")
    assert (response.status_code, response["Location"]) == (302, "/static/snia/favicon.ico")
    assert (settings.BASE_DIR / "static/snia/favicon.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"


def test_admin_pages_and_our_pages_link_the_favicon(staff):
    ReportingYearFactory(year=2020)
    client = logged_in(staff)
    for url in ("/admin/", "/admin/reports/reportingyear/", "/", "/reports/bilan/2031/"):
        body = client.get(url).content.decode()
        assert '<link rel="icon" href="/static/snia/favicon.svg" type="image/svg+xml">' in body, url


def test_the_error_template_needs_no_request():
    html = Template('{% include "error_page.html" %}').render(Context({"title": "Titre", "message": "Texte"}))
    assert "<h1>Titre</h1>" in html and "<p>Texte</p>" in html


def test_a_request_for_a_host_not_allowed_is_refused_in_french(settings):
    settings.DEBUG = False
    response = Client().get("/admin/login/", HTTP_HOST="pirate.example")
    body = response.content.decode()
    assert response.status_code == 400
    assert "<title>Requête refusée — SNIA Suivi</title>" in body
    assert "Bad Request" not in body


def test_djangos_own_403_and_404_views_render_our_templates_bare_and_french(rf):
    # Under a URL configuration without our handlers (tests/security/test_refusal_log.py's).
    from django.core.exceptions import PermissionDenied
    from django.http import Http404
    from django.views import defaults

    refused = defaults.permission_denied(rf.get("/"), PermissionDenied()).content.decode()
    missing = defaults.page_not_found(rf.get("/"), Http404()).content.decode()
    assert "<h1>Accès refusé</h1>" in refused and "Vous n'avez pas accès à cette page." in refused
    assert "<h1>Page introuvable</h1>" in missing and "Cette page n'existe pas, ou plus." in missing


def test_a_csrf_failure_is_a_french_page_in_the_sites_look(staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    response = client.post("/reports/annees/2031/ouvrir/")
    body = response.content.decode()
    assert response.status_code == 403
    assert "<h1>Accès refusé</h1>" in body
    assert "Le formulaire a expiré ou ne vient pas de cette page" in body
    assert '<link rel="stylesheet" href="/static/snia/site.css">' in body
    assert "Forbidden" not in body and "CSRF verification failed" not in body
