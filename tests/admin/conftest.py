"""Role fixtures for the admin tests: the same users as tests/access."""

import pytest
from django.test import Client

# The role fixtures: staff, administrator, reader, focal_cp2, focal_cp4, cp2, cp4, iom, health_ministry.
from tests.access.conftest import *  # noqa: F403


@pytest.fixture(autouse=True)
def plain_http(settings):
    # Production settings redirect http:// to https://; the test client speaks http.
    settings.SECURE_SSL_REDIRECT = False


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def staff_client(staff) -> Client:
    return logged_in(staff)


@pytest.fixture
def administrator_client(administrator) -> Client:
    return logged_in(administrator)


@pytest.fixture
def reader_client(reader) -> Client:
    return logged_in(reader)


@pytest.fixture
def focal_client(focal_cp2) -> Client:
    return logged_in(focal_cp2)
