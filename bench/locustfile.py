"""Load test: professionals working through their caseload, on a server of your own on loopback.

    uv run samenplan demo --no-serve
    SECRET_KEY=load-test-only-... DEBUG=0 ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 \\
      uv run samenplan collectstatic --noinput && ... uv run gunicorn samenplan.wsgi -w 2 -b 127.0.0.1:8020
    uv run locust -f bench/locustfile.py --host http://127.0.0.1:8020 --headless -u 20 -r 5 -t 60s

Only ever point it at 127.0.0.1: it logs in with the demo accounts and is bounded by -t.
"""

import re
from random import choice

from locust import HttpUser, between, task

PASSWORD = "samen-beslissen"  # noqa: S105 (the public demo password, samenplan.demo_data)
CASE_LINK = re.compile(r'href="/cases/(\d+)/"')


class Professional(HttpUser):
    wait_time = between(0.5, 2)

    def on_start(self):
        page = self.client.get("/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        self.client.post(
            "/accounts/login/",
            {"csrfmiddlewaretoken": token, "login": choice(["anna", "bram", "fleur"]), "password": PASSWORD},
            headers={"Referer": self.host + "/accounts/login/"},
        )
        self.case_ids = CASE_LINK.findall(self.client.get("/cases/?scope=team").text) or ["0"]

    @task(3)
    def caseload(self):
        self.client.get("/cases/", name="/cases/")

    @task(2)
    def search(self):
        self.client.get("/cases/?q=" + choice(["de", "an", "er", "Bak"]), name="/cases/?q=…")

    @task(5)
    def dossier(self):
        self.client.get(f"/cases/{choice(self.case_ids)}/", name="/cases/[id]/")

    @task(1)
    def api_cases(self):
        self.client.get("/api/v1/cases/?mine=true", name="/api/v1/cases/")
