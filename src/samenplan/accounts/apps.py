from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "samenplan.accounts"
    verbose_name = _("Organisations, teams and users")

    def ready(self) -> None:
        from samenplan.accounts import checks, mfa  # noqa: F401  (registers system checks and login signals)
