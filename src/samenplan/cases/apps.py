from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "samenplan.cases"
    verbose_name = _("Families and cases")

    def ready(self) -> None:
        from samenplan.cases import predicates  # noqa: F401  (registers the permission rules)
