from django.urls import path

from samenplan.goals import views

app_name = "goals"
urlpatterns = [
    path("cases/<int:case_id>/goals/", views.overview, name="overview"),
    path("cases/<int:case_id>/goals/agreement/", views.agreement, name="agreement"),
    path("cases/<int:case_id>/goals/new/", views.add_goal, name="add_goal"),
    path("cases/<int:case_id>/goals/order/", views.move, name="move"),
    path("cases/<int:case_id>/goals/miracle-question/", views.miracle, name="miracle"),
    path("cases/<int:case_id>/goals/drieluik/", views.drieluik, name="drieluik"),
    path("cases/<int:case_id>/goals/signs-of-safety/", views.signs_of_safety, name="signs_of_safety"),
    path("goals/<int:goal_id>/edit/", views.change_goal, name="change_goal"),
    path("goals/<int:goal_id>/scores/new/", views.add_score, name="add_score"),
]
