from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Users are created by their organisation's administrator; nobody signs up on their own."""

    def is_open_for_signup(self, request) -> bool:
        return False
