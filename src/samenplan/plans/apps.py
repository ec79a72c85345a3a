from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "samenplan.plans"
    verbose_name = _("The family plan")

    def ready(self) -> None:
        from samenplan.plans import providers

        providers.register()  # the caseload dashboard's "plans not yet agreed by the family" group
