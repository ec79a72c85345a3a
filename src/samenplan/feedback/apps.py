from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "samenplan.feedback"
    label = "feedback"
    verbose_name = _("feedback: how the family rates a conversation")
