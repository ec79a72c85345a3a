from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "samenplan.cases"
    verbose_name = _("Families and cases")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from samenplan.cases import predicates, search  # noqa: F401  (predicates registers the permission rules)

        connection_created.connect(search.register_sqlite_unaccent, dispatch_uid="samenplan.cases.unaccent")
