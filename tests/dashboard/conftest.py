import pytest
from django.test import Client

from access.roles import Role
from tests.factories import user_with_role


@pytest.fixture
def client_of():
    """A client logged in as `user`."""

    def log_in(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return log_in


@pytest.fixture
def no_role(db):
    from tests.factories import UserFactory

    return UserFactory(username="sans.role", is_staff=True)


@pytest.fixture
def other_reader(db):
    return user_with_role("lecteur2", Role.READER)
