from django.urls import path

from samenplan.caseload import views

app_name = "caseload"
urlpatterns = [
    path("caseload/", views.dashboard, name="dashboard"),
    path("caseload/team/", views.team, name="team"),
    path("caseload/team/outcomes/", views.team_outcomes, name="team_outcomes"),
]
