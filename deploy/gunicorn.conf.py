"""gunicorn's settings for SNIA Suivi: `gunicorn -c deploy/gunicorn.conf.py`.

Read from the environment like the application's (README, "Production"):
SNIA_BIND (default 127.0.0.1:8000), WEB_CONCURRENCY (worker processes,
default 3: measured best on 2 cores, see benchmarks/load.py) and
SNIA_WEB_TIMEOUT (seconds, default 60: longer than DATABASE_STATEMENT_TIMEOUT,
so that a slow statement ends as a 503, not as a killed worker).
"""

import os

wsgi_app = "snia.wsgi:application"
bind = os.environ.get("SNIA_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", 3))
# Synchronous workers: every request is short (PDFs are rendered by the worker
# process, never in a request), and Django's ORM is synchronous.
worker_class = "sync"
timeout = int(os.environ.get("SNIA_WEB_TIMEOUT", 60))
graceful_timeout = 30
# A worker is replaced after this many requests, so that a slow leak never grows.
max_requests = 2000
max_requests_jitter = 200
# Django writes one access line per request, with its request id (snia.access):
# no second access log here. gunicorn's own messages go to stderr.
accesslog = None
errorlog = "-"
# gunicorn 27's control socket (one path per user by default) is not used:
# systemd and signals manage the process, and two servers would share the path.
control_socket_disable = True
# Errors and start-up in the same format as the application's when it is JSON.
if os.environ.get("DJANGO_LOG_FORMAT", "text").strip().lower() == "json":
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "format": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
                "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
                "datefmt": "%Y-%m-%dT%H:%M:%S%z",
            }
        },
        # request_id "-": the server's own lines belong to no request.
        "filters": {"request_id": {"()": "snia.request_id.RequestIdLogFilter"}},
        # gunicorn's own default configuration names both handlers.
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["request_id"]},
            "error_console": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "filters": ["request_id"],
            },
        },
        "loggers": {"gunicorn.error": {"handlers": ["error_console"], "level": "INFO", "propagate": False}},
    }
