"""Schemathesis fuzzes every operation of the OpenAPI schema in-process, as MDCMRE
staff: no answer may be a server error or contradict the schema.

Bounded in time: the fuzzing phase only (valid and invalid requests alike),
20 examples per operation, deterministic so that CI is reproducible.
"""

import datetime
import tempfile
from pathlib import Path

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from hypothesis.configuration import set_hypothesis_home_dir
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from programmes.models import ActionProgress
from tests.factories import (
    ActionFactory,
    CommitteeFactory,
    InstitutionFactory,
    MeetingFactory,
    ReportingYearFactory,
    SessionFactory,
)

# Hypothesis keeps caches in ./.hypothesis/ by default: keep the work tree clean.
set_hypothesis_home_dir(str(Path(tempfile.gettempdir()) / "snia-hypothesis"))
config = schemathesis.Config.from_dict(
    {
        # The coverage phase would send every boundary case of every field.
        "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
        "generation": {"max-examples": 20, "mode": "all", "deterministic": True, "database": "none"},
    }
)
schema = schemathesis.openapi.from_dict(
    SchemaGenerator().get_schema(request=None, public=True), config=config
)
application = WSGIHandler()


@pytest.fixture
def keep_test_connection():
    # Raw WSGI calls fire request_started/finished → close_old_connections,
    # which would close the test transaction's connection on PostgreSQL; the
    # test client disconnects them the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def staff_token(staff, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    # One record of each kind, with low ids the fuzzer often tries.
    institution = InstitutionFactory(name="OIM")
    action = ActionFactory(code="11.12")
    MeetingFactory(committee=CommitteeFactory(code="CP4"), date=datetime.date(2020, 4, 14))
    SessionFactory(women=3, men=2).organisers.set([institution])
    ActionProgress.objects.create(action=action, year=2020)
    ReportingYearFactory(year=2020)
    return Token.objects.create(user=staff).key


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_answers_within_its_schema_and_never_fails(case, staff_token, keep_test_connection):
    response = case.call(app=application, headers={"Authorization": f"Token {staff_token}"})
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
