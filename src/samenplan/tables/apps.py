from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TablesConfig(AppConfig):
    name = "samenplan.tables"
    label = "tables"
    verbose_name = _("intake and review tables")
