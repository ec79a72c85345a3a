"""samenplan's own settings, as production reads them from the environment, with one change for the tests that
start gunicorn: static files come from the finders instead of a collected manifest (collectstatic takes minutes
here and has nothing to do with what those tests check)."""

from samenplan.conf.settings import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
