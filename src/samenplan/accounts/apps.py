from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "samenplan.accounts"
    verbose_name = _("Organisations, teams and users")

    def ready(self) -> None:
        from samenplan.accounts import checks, mfa, signals  # noqa: F401  (registers system checks, session signals and login signals)
