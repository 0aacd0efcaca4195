"""
ASGI config for snia project.

It exposes the ASGI callable as a module-level variable named ``application``.

For more information on this file, see
https://docs.djangoproject.com/en/5.2/howto/deployment/asgi/
"""

import os

from django.core.asgi import get_asgi_application

from snia.database import limit_web_statements

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "snia.settings")

application = get_asgi_application()

# Web requests give up on a statement after DATABASE_STATEMENT_TIMEOUT seconds.
limit_web_statements()
