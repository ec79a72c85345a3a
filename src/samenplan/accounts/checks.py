"""System checks: production must not run on the demo secret."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def check_secret_key_is_not_demo(app_configs, **kwargs):
    if settings.SECRET_KEY == settings.SAMENPLAN_DEMO_SECRET_KEY:
        return [
            Error(
                "SECRET_KEY is the public demo key.",
                hint="Set SECRET_KEY to a long random value: "
                "python -c 'import secrets; print(secrets.token_urlsafe(50))'",
                id="samenplan.E001",
            )
        ]
    return []
