from django.urls import path

from samenplan.feedback import views

app_name = "feedback"
urlpatterns = [
    path("caseload/team/conversation-ratings/", views.team_ratings, name="team_ratings"),
]
