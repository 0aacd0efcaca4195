"""Helpers of the admin tests (the role fixtures live in tests/conftest.py)."""

import pytest
from django.test import Client


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
