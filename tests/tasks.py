"""Background tasks run inside the request in tests, on every queue the project has
(the render's and the mail's: snia/settings.py TASKS)."""

IMMEDIATE_TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default", "emails"],
    }
}
