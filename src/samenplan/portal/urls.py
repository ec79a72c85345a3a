from django.urls import path

from samenplan.portal import views

app_name = "portal"

urlpatterns = [
    path("portal/", views.home, name="home"),
    path("portal/invitation/<str:link>/", views.accept, name="accept"),
    path("cases/<int:case_id>/portal-invitation/", views.invite, name="invite"),
]
