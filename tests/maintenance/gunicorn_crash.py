"""gunicorn settings for the crash test: load and warm samenplan once in the master, so a worker forked after a
kill answers at once (URLconf, API views, translations and templates are already imported)."""


def when_ready(server):
    from django.db import connections
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.get("/healthz")
    client.get("/api/v1/me/")
    client.post("/api/v1/families/", data={}, content_type="application/json")
    connections.close_all()  # each worker opens its own connection
