"""No English on any admin page a French administrator reaches: third-party
apps' labels (django-axes, the background tasks), permissions, Django's own
titles (« Ajout de année de rapport ») and our forms' buttons.

Walks the index, each app's page, and every registered model's list, add,
change, history and delete pages, with a row of each model (SNIA's, login
attempts and logs, a task result, users, groups, tokens), and looks for known
English words in the text and in the attributes a user reads or hears
(title, alt, placeholder, aria-label, value of buttons)."""

import html
import re

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from rest_framework.authtoken.models import Token

from tests.admin import admin_url
from tests.admin.test_pages import one_of_each  # noqa: F401 - the fixture: one row of each SNIA model

pytestmark = pytest.mark.django_db

# Whole words or phrases, case-sensitive: « Action », « Date » and « Programme » are French too.
ENGLISH = [
    "Task Result",
    "Task Results",
    "Tasks Database Backend",
    "Axes",
    "AXES",
    "Cancel",
    "Add",
    "Save",
    "Delete",
    "Change",
    "History",
    "Search",
    "Filter",
    "Home",
    "Select",
    "Status",
    "Ready",
    "Running",
    "Successful",
    "Locked Out",
    "Expires At",
    "Access Log",
    "Attempted Access",
    "Failed access",
    "Can add",
    "Can change",
    "Can delete",
    "Can view",
    "Django administration",
    "Forbidden",
    # Django's alt text of yes/no icons (adminsite.site.french_boolean_icons).
    "True",
    "False",
    "None",
    # Django's French before our model names: « Ajout de année de rapport ».
    "Ajout de",
    "Modification de",
    "Affichage de",
]
PATTERN = re.compile(r"(?<![\w-])(" + "|".join(re.escape(word) for word in ENGLISH) + r")(?![\w-])")
READ_ATTRIBUTES = re.compile(r'\b(?:title|alt|placeholder|aria-label)="([^"]*)"')
BUTTON_VALUES = re.compile(r'<input[^>]+type="(?:submit|button|reset)"[^>]*value="([^"]*)"')


def what_a_user_reads(body: str) -> str:
    body = re.sub(r"<script.*?</script>|<style.*?</style>", " ", body, flags=re.S)
    attributes = READ_ATTRIBUTES.findall(body) + BUTTON_VALUES.findall(body)
    return html.unescape(" ".join([re.sub(r"<[^>]+>", " ", body), *attributes]))


@pytest.fixture
def third_party_rows(one_of_each, admin_user):  # noqa: F811 - the imported fixture
    now = timezone.now()
    common = {"user_agent": "Firefox", "ip_address": "10.0.0.1", "username": "pf.cp2", "http_accept": "*/*"}
    AccessAttempt.objects.create(
        **common, path_info="/admin/login/", get_data="", post_data="", failures_since_start=2
    )
    AccessLog.objects.create(**common, path_info="/admin/login/")
    AccessFailureLog.objects.create(**common, path_info="/admin/login/", locked_out=True)
    DBTaskResult.objects.create(
        args_kwargs={"args": [1], "kwargs": {}},
        task_path="reports.tasks.render_bilan_export",
        backend_name="default",
        run_after=now,
    )
    Group.objects.get(name="Point focal")
    Token.objects.create(user=admin_user)


def admin_pages() -> list[str]:
    urls = ["/admin/"]
    for model in admin.site._registry:
        urls.append(f"/admin/{model._meta.app_label}/")
        urls.append(admin_url(model, "changelist"))
        urls.append(admin_url(model, "add"))
        row = model._default_manager.order_by("pk").first()
        if row is not None:
            urls += [admin_url(model, view, row.pk) for view in ("change", "history", "delete")]
    return list(dict.fromkeys(urls))


def test_no_english_on_any_admin_page_of_an_administrator(admin_client, third_party_rows):
    found = {}
    walked = 0
    for url in admin_pages():
        response = admin_client.get(url)
        assert response.status_code in (200, 403), url
        walked += response.status_code == 200
        words = sorted(set(PATTERN.findall(what_a_user_reads(response.content.decode()))))
        if words:
            found[url] = words
    assert found == {}
    assert walked > 100


def test_third_party_apps_and_models_have_french_names(admin_client, third_party_rows):
    text = what_a_user_reads(admin_client.get("/admin/").content.decode())
    for label in (
        "Sécurité des connexions",
        "Tentatives de connexion",
        "Tâches de fond",
        "Résultats des tâches de fond",
    ):
        assert label in text


def test_add_forms_read_right_before_every_model_name(admin_client):
    text = what_a_user_reads(admin_client.get("/admin/reports/reportingyear/add/").content.decode())
    assert "Ajout : année de rapport" in text
    text = what_a_user_reads(admin_client.get("/admin/auth/group/add/").content.decode())
    assert "Ajout : groupe" in text


def test_permissions_read_in_french_in_the_group_form(admin_client):
    body = html.unescape(admin_client.get("/admin/auth/group/add/").content.decode())
    assert ">Bilan annuel | année de rapport | Peut ajouter : année de rapport</option>" in body
    assert ">Bilan annuel | année de rapport | Peut clôturer une année de rapport</option>" in body
    assert ">Tâches de fond | résultat de tâche | Peut consulter : résultat de tâche</option>" in body


def test_a_task_result_reads_in_french(admin_client, third_party_rows):
    text = what_a_user_reads(admin_client.get("/admin/django_tasks_database/dbtaskresult/").content.decode())
    for label in ("Tâche", "État", "Mise en file le", "Priorité", "File d’attente", "En attente"):
        assert label in text


def test_yes_no_icons_are_described_in_french(admin_client):
    from tests.factories import MeetingFactory

    MeetingFactory()

    body = admin_client.get("/admin/committees/meeting/").content.decode()

    assert '<img src="/static/admin/img/icon-no.svg" alt="Non">' in body
    assert 'alt="False"' not in body
