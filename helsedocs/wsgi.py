"""WSGI entry point (gunicorn helsedocs.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helsedocs.settings.base")
application = get_wsgi_application()
