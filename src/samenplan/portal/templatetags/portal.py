from django import template
from django.conf import settings
from django.urls import reverse

register = template.Library()


@register.inclusion_tag("portal/_oidc_login.html", takes_context=True)
def family_oidc_login(context):
    """The families' "log in with DigiD" button on the login page, when the broker is configured."""
    if not settings.PORTAL_OIDC_SERVER_URL:
        return {"enabled": False}
    url = reverse("openid_connect_login", kwargs={"provider_id": settings.PORTAL_OIDC_PROVIDER_ID})
    return {
        "enabled": True,
        "url": f"{url}?process=login&next=/portal/",
        "name": settings.PORTAL_OIDC_NAME,
        "csrf_token": context.get("csrf_token"),
    }
