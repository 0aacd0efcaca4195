import pytest

# Mail tasks run at once, in the test's thread; Django's test runner puts sent
# mail in the in-memory outbox (mail.outbox).
QUEUES = ["default", "emails"]
IMMEDIATE = "django_tasks.backends.immediate.ImmediateBackend"
IMMEDIATE_TASKS = {"default": {"BACKEND": IMMEDIATE, "QUEUES": QUEUES}}
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": QUEUES}}


@pytest.fixture(autouse=True)
def mail_settings(settings):
    settings.TASKS = IMMEDIATE_TASKS
    settings.SNIA_BASE_URL = "https://snia.example.ma"
    settings.DEFAULT_FROM_EMAIL = "SNIA Suivi <noreply@snia.example.ma>"
