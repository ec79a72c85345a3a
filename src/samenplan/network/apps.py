from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "samenplan.network"
    verbose_name = _("Own strength, network and the family group plan")
