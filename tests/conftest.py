import pytest
from django.test import override_settings
from django.utils import translation

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    # PBKDF2's deliberate slowness protects real passwords, not test users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True, scope="session")
def plain_http():
    # Production settings redirect http:// to https://; the test client speaks
    # http. Session-wide, so that module-scoped fixtures' clients see it too.
    with override_settings(SECURE_SSL_REDIRECT=False):
        yield


@pytest.fixture(autouse=True)
def french():
    # A request with Accept-Language: en leaves English active in the thread;
    # each test starts in the application's language.
    with translation.override("fr"):
        yield


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client
