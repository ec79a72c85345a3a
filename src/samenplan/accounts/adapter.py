from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import PermissionDenied

from samenplan.accounts import throttle
from samenplan.clientip import client_address


class AccountAdapter(DefaultAccountAdapter):
    """Users are created by their organisation's administrator; nobody signs up on their own.

    Failed log-ins are throttled by :mod:`samenplan.accounts.throttle` instead of allauth's per-account lock-out,
    and allauth's rate limits see the client address that :mod:`samenplan.clientip` derives.
    """

    def is_open_for_signup(self, request) -> bool:
        return False

    def get_client_ip(self, request) -> str:
        address = client_address(request)
        if not address:
            raise PermissionDenied("Unable to determine client IP address")
        return address

    def pre_authenticate(self, request, **credentials) -> None:
        self._attempt = throttle.begin(request, credentials.get("username") or credentials.get("email") or "")

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)  # calls pre_authenticate, then maybe the next one
        if user is not None:
            throttle.succeeded(self._attempt)
        return user

    def authentication_failed(self, request, **credentials) -> None:
        throttle.failed(self._attempt)
