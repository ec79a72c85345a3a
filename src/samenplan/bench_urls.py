"""The URLs of ``samenplan bench``: every real route, plus the baseline view. Only the benchmark command routes
this module (it overrides ROOT_URLCONF for its own run); a server never serves the baseline."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import include, path

from samenplan.accounts.models import Organisation


@login_required
def baseline(request):
    """An authenticated view doing one indexed query (by primary key) and rendering a minimal template. It shows
    no client data, so it writes no access-log record: the record's cost is measured in the pages."""
    organisation = Organisation.objects.filter(pk=request.user.organisation_id).only("name").first()
    return render(request, "bench/baseline.html", {"organisation": organisation})


urlpatterns = [
    path("bench/baseline/", baseline, name="bench-baseline"),
    path("", include("samenplan.urls")),
]
