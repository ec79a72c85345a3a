"""Sessions and API tokens follow the account: a password change or a disabled account ends all of them.

Connected in AccountsConfig.ready(). Done on the model's save, so every path that changes a password or
disables an account (allauth's pages, a password reset, a management command) is covered.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.core.management import call_command
from django.db.models import F
from django.db.models.signals import post_migrate, post_save, pre_save
from django.dispatch import receiver
from knox.models import AuthToken

from samenplan.accounts import throttle
from samenplan.accounts.models import User

LOGIN_AT = "samenplan_login_at"
SEEN_AT = "samenplan_seen_at"


@receiver(pre_save, sender=User)
def _notice_password_change_or_disabling(sender, instance: User, update_fields=None, **kwargs) -> None:
    if instance.pk is None:
        return
    ends = getattr(instance, "_password_changed", False)
    if not ends and (update_fields is None or "is_active" in update_fields) and not instance.is_active:
        ends = User.objects.filter(pk=instance.pk, is_active=True).exists()
    if ends:
        instance.session_generation += 1  # in memory too, so update_session_auth_hash() keeps the current session
        instance._ends_access = True
    instance._password_changed = False


@receiver(post_save, sender=User)
def _end_sessions_and_tokens(sender, instance: User, created: bool, **kwargs) -> None:
    if created or not getattr(instance, "_ends_access", False):
        return
    instance._ends_access = False
    # Saved explicitly: a save(update_fields=["password"]) would not have written the new generation.
    User.objects.filter(pk=instance.pk, session_generation__lt=instance.session_generation).update(
        session_generation=instance.session_generation
    )
    AuthToken.objects.filter(user=instance).delete()


def end_all(user: User) -> int:
    """End every session and API token of ``user``; returns how many API tokens ended."""
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    user.refresh_from_db(fields=["session_generation"])
    deleted, _details = AuthToken.objects.filter(user=user).delete()
    return deleted


@receiver(user_logged_in)
def _start_session_clock(sender, request, user, **kwargs) -> None:
    """The login's start and last activity, for the idle and absolute timeouts; and a device cookie, so this
    browser is not held up by a delay that a stranger's guessing put on the user name."""
    if request is None:
        return
    now = int(time.time())
    request.session[LOGIN_AT] = now
    request.session[SEEN_AT] = now
    request.samenplan_device_cookie = throttle.device_cookie_value(user.get_username())


@receiver(post_migrate)
def _create_cache_table(sender, using, **kwargs) -> None:
    """The database cache (used when REDIS_URL is empty) needs its table; `migrate` makes it."""
    if sender.name == "samenplan.accounts" and settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache"):
        call_command("createcachetable", database=using, verbosity=0)
