from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    name = "samenplan.analysis"
    verbose_name = _("Problem-and-strengths analysis: investigation plan, coherent picture, consultation")

    def ready(self):
        from samenplan.analysis import predicates  # noqa: F401  (registers the permission rules)
