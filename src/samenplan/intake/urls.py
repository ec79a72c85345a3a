from django.urls import path

from samenplan.intake import views

app_name = "intake"
urlpatterns = [
    path("cases/<int:case_id>/conversations/new/", views.conversation, name="conversation"),
    path("cases/<int:case_id>/clarification/", views.clarify, name="clarify"),
    path("cases/<int:case_id>/route/", views.route, name="route"),
]
