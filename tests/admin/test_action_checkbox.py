"""The lists' row checkbox, written directly rather than through a widget
template (a quarter of a list page's time), is exactly Django's."""

import pytest
from django.contrib import admin
from django.utils import translation

from tests.factories import SessionFactory
from trainings.models import Session

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_row_checkbox_is_djangos_own(language):
    session = SessionFactory(title="Atelier « santé & migration »")
    model_admin = admin.site._registry[Session]

    with translation.override(language):
        ours = model_admin.action_checkbox(session)
        djangos = admin.ModelAdmin.action_checkbox(model_admin, session)

    assert ours == djangos
    assert f'name="_selected_action" value="{session.pk}" class="action-select"' in ours
    assert "« santé &amp; migration »" in ours
