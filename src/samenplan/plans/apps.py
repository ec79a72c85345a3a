from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "samenplan.plans"
    verbose_name = _("The family plan")
