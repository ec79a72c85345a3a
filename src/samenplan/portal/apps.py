from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "samenplan.portal"
    verbose_name = _("Family portal")

    def ready(self):
        from samenplan.portal import (
            caseload,
            middleware,  # noqa: F401 - connects the login receiver before the first login
        )

        caseload.register()
