from django.urls import path

from samenplan.handover import views

app_name = "handover"
urlpatterns = [
    path("cases/<int:case_id>/handover/", views.request_handover, name="request"),
    path("handovers/", views.received, name="received"),
    path("handovers/<int:handover_id>/decide/", views.decide, name="decide"),
]
