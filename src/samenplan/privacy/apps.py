from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "samenplan.privacy"
    label = "privacy"
    verbose_name = _("privacy: retention and the client's rights")

    def ready(self) -> None:
        from samenplan.privacy import predicates  # noqa: F401  (registers the rules)
