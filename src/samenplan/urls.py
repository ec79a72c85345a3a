from django.urls import include, path

from samenplan import views
from samenplan.portal import views_languages

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("language/", views_languages.choose_language, name="set_language"),
    path("", include("samenplan.cases.urls")),
    path("", include("samenplan.consent.urls")),
    path("", include("samenplan.intake.urls")),
    path("", include("samenplan.analysis.urls")),
    path("", include("samenplan.goals.urls")),
    path("", include("samenplan.audit.urls")),
    path("", include("samenplan.accounts.urls")),
    path("", include("samenplan.privacy.urls")),
    path("", include("samenplan.emergency.urls")),
    path("", include("samenplan.instruments.urls")),
    path("", include("samenplan.network.urls")),
    path("", include("samenplan.plans.urls")),
    path("", include("samenplan.catalogue.urls")),
    path("", include("samenplan.administration.urls")),
    path("", include("samenplan.tables.urls")),
    path("", include("samenplan.handover.urls")),
    path("", include("samenplan.portal.urls")),
    path("", include("samenplan.caseload.urls")),
    path("", include("samenplan.feedback.urls")),
    path("", include("samenplan.evaluations.urls")),
    path("", include("samenplan.decisions.urls")),
    path("api/v1/", include("samenplan.api.urls")),
]

handler404 = "samenplan.views.page_not_found"
