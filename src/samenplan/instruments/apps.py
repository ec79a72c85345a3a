from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstrumentsConfig(AppConfig):
    name = "samenplan.instruments"
    verbose_name = _("Instruments: questionnaires, their definitions and administrations")

    def ready(self) -> None:
        from samenplan.instruments import predicates  # noqa: F401  (registers the permission rules)
