from django.urls import path

from samenplan.privacy import views

app_name = "privacy"
urlpatterns = [
    path("families/<int:family_id>/privacy/", views.family_rights, name="family"),
    path("families/<int:family_id>/destruction-requests/new/", views.record_request, name="record_request"),
    path("destruction-requests/", views.request_list, name="requests"),
    path("destruction-requests/<int:request_id>/", views.request_detail, name="request"),
    path("destruction-requests/<int:request_id>/decide/", views.decide, name="decide"),
    path("members/<int:member_id>/export/", views.export_member, name="export_member"),
]
