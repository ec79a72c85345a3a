from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmergencyConfig(AppConfig):
    name = "samenplan.emergency"
    label = "emergency"
    verbose_name = _("emergency access")
