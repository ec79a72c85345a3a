from samenplan.audit import context
from samenplan.audit.models import Channel


class AuditContextMiddleware:
    """Tells the access log which channel a request came through and from which address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        channel = Channel.API if request.path.startswith("/api/") else Channel.WEB
        token = context.use(context.AuditContext(channel=channel, ip_address=request.META.get("REMOTE_ADDR")))
        try:
            return self.get_response(request)
        finally:
            context.reset(token)
