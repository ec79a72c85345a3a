from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "samenplan.evaluations"
    verbose_name = _("Evaluations, progress over time, closing and reopening")

    def ready(self) -> None:
        from samenplan.evaluations import providers

        providers.register()  # the caseload dashboard's "evaluations due" group
