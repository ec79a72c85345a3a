from django.urls import path

from samenplan.accounts import views

app_name = "accounts"
urlpatterns = [
    path("users/", views.users, name="users"),
    path("users/<int:user_id>/end-sessions/", views.end_sessions, name="end_sessions"),
]
