from django.urls import path

from samenplan.consent import views

app_name = "consent"
urlpatterns = [
    path("cases/<int:case_id>/consents/new/", views.record, name="record"),
    path("cases/<int:case_id>/consents/propose/", views.propose, name="propose"),
    path("consents/<int:consent_id>/revoke/", views.revoke, name="revoke"),
    path("cases/<int:case_id>/information-requests/new/", views.request_information, name="request_information"),
]
