from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseloadConfig(AppConfig):
    name = "samenplan.caseload"
    verbose_name = _("Caseload dashboard")

    def ready(self):
        from samenplan.caseload import providers

        providers.register_all()
