"""
WSGI config for snia project.

It exposes the WSGI callable as a module-level variable named ``application``.

For more information on this file, see
https://docs.djangoproject.com/en/5.2/howto/deployment/wsgi/
"""

import os

from django.core.wsgi import get_wsgi_application

from snia.database import limit_web_statements

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "snia.settings")

application = get_wsgi_application()

# Web requests give up on a statement after DATABASE_STATEMENT_TIMEOUT seconds.
limit_web_statements()
