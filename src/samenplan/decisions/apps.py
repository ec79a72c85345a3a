from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "samenplan.decisions"
    verbose_name = _("Deciding together on help")
