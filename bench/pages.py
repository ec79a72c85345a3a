"""Benchmark: how the caseload, the dossier and the access log scale with the number of families.

Run: uv run python bench/pages.py [--families 12 600] [--requests 30]
It builds a fresh SQLite database per size (or uses DATABASE_URL's server with a fresh test database), loads
synthetic families through the real actions, and times requests through Django's test client. It prints the
median time per request, the ratio to the smallest size (the baseline, measured in the same run) and the number
of queries per request.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--families", type=int, nargs="+", default=[12, 600])
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    results = {}
    measure(args.families[0], 2)  # a throw-away run: imports and byte-code warm
    for n in args.families:
        results[n] = measure(n, args.requests)
    base = results[args.families[0]]
    print(f"{'families':>8} {'page':<10} {'median ms':>10} {'ratio':>6} {'queries':>8}")
    for n, pages in results.items():
        for page, (median, queries) in pages.items():
            print(f"{n:>8} {page:<10} {median * 1000:>10.1f} {median / base[page][0]:>6.2f} {queries:>8}")


def measure(families: int, requests: int) -> dict[str, tuple[float, int]]:
    import subprocess

    tmp = tempfile.mkdtemp()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
        "DEBUG": "1",
        "LOG_LEVEL": "ERROR",
        "ALLOWED_HOSTS": "testserver",
        "SECRET_KEY": "benchmark-only-" + "k" * 40,
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
    }
    here = str(Path(__file__).parent)
    code = f"import sys; sys.path.insert(0, {here!r}); import pages; pages.child({families}, {requests})"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    result = {}
    for line in out.stdout.splitlines():
        page, median, queries = line.split()
        result[page] = (float(median), int(queries))
    return result


def child(families: int, requests: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samenplan.conf.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from samenplan import demo_data
    from samenplan.accounts.models import User
    from samenplan.cases.models import Case

    call_command("migrate", verbosity=0)
    demo_data.seed(families=families)
    anna, dewi = User.objects.get(username="anna"), User.objects.get(username="dewi")
    case = Case.objects.filter(caseworker=anna).first()
    pages = {
        "caseload": (anna, "/cases/?scope=team"),
        "search": (anna, "/cases/?q=de"),
        "dossier": (anna, f"/cases/{case.pk}/"),
        "accesslog": (dewi, "/access-log/"),
    }
    for name, (user, url) in pages.items():
        client = Client()
        client.force_login(user)
        for _ in range(5):
            client.get(url)  # warm-up: templates, query compilation
        times = []
        for _ in range(requests):
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
            assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        print(name, statistics.median(times), len(queries))


if __name__ == "__main__":
    main()
