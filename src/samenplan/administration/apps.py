from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdministrationConfig(AppConfig):
    name = "samenplan.administration"
    label = "administration"
    verbose_name = _("administration")

    def ready(self) -> None:
        from samenplan.administration import predicates  # noqa: F401 (registers the rules)
