from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "samenplan.intake"
    verbose_name = _("Intake: registration, conversations, clarifying the question, the route")
