from django.urls import path

from samenplan.administration import views

app_name = "administration"
urlpatterns = [
    path("administration/", views.home, name="home"),
    path("administration/teams/", views.teams, name="teams"),
    path("administration/teams/<int:team_id>/", views.team, name="team"),
    path("administration/teams/<int:team_id>/archive/", views.archive_team, name="archive_team"),
    path("administration/teams/<int:team_id>/delete/", views.delete_team, name="delete_team"),
    path("administration/people/", views.people, name="people"),
    path("administration/people/invite/", views.invite, name="invite"),
    path("administration/people/<int:user_id>/", views.person, name="person"),
    path("administration/people/<int:user_id>/roles/", views.grant_role, name="grant_role"),
    path("administration/people/<int:user_id>/roles/revoke/", views.revoke_role, name="revoke_role"),
    path("administration/people/<int:user_id>/active/", views.set_active, name="set_active"),
    path("administration/people/<int:user_id>/reinvite/", views.reinvite, name="reinvite"),
    path("administration/settings/", views.organisation_settings, name="settings"),
    path("administration/severity-scale/", views.severity_scale, name="severity_scale"),
    path("invitations/<str:token>/", views.accept, name="accept"),
    path("overview/", views.my_overview, name="my_overview"),
    path("teams/<int:team_id>/overview/", views.team_overview, name="team_overview"),
]
