"""WSGI entry point for production servers (gunicorn, uwsgi, mod_wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samenplan.conf.settings")
application = get_wsgi_application()

from django.conf import settings  # noqa: E402
from django.core.exceptions import ImproperlyConfigured  # noqa: E402

if not settings.DEBUG and settings.SECRET_KEY == settings.SAMENPLAN_DEMO_SECRET_KEY:
    raise ImproperlyConfigured("samenplan refuses to serve with DEBUG off and the public demo SECRET_KEY.")
