from samenplan.audit import context
from samenplan.audit.models import Channel
from samenplan.clientip import client_address


class AuditContextMiddleware:
    """Tells the access log which channel a request came through and from which client address
    (behind a trusted reverse proxy: the address the proxy forwarded, see samenplan.clientip)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        channel = Channel.API if request.path.startswith("/api/") else Channel.WEB
        token = context.use(context.AuditContext(channel=channel, ip_address=client_address(request)))
        try:
            return self.get_response(request)
        finally:
            context.reset(token)
