from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GoalsConfig(AppConfig):
    name = "samenplan.goals"
    verbose_name = _("Goals: agreement, goals in the family's words, scale scores, conversation techniques")
