"""Site-wide middleware."""


class PrivateNoStoreMiddleware:
    """Pages shown to a logged-in user carry client data: browsers and proxies must not keep a copy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "private, no-store"
        return response
