"""/healthz: 200 when the database answers, 503 when it does not."""

import json
import os
import subprocess
import sys

from django.urls import reverse


def test_it_is_healthy_with_a_database(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_it_answers_503_when_the_database_is_unreachable(tmp_path):
    # A real unreachable database: nothing listens on port 1.
    script = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(json.dumps([r.status_code, r.json()]))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "samenplan.conf.settings",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "testserver",
    }
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr[-2000:]
    status, body = json.loads(out.stdout.strip().splitlines()[-1])
    assert status == 503
    assert body["database"] == "unreachable"
