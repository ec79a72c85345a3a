from django.urls import path

from samenplan.evaluations import views

app_name = "evaluations"
urlpatterns = [
    path("cases/<int:case_id>/progress/", views.progress, name="progress"),
    path("cases/<int:case_id>/evaluations/plan/", views.plan, name="plan"),
    path("cases/<int:case_id>/evaluations/new/", views.hold_now, name="hold_now"),
    path("evaluations/<int:evaluation_id>/hold/", views.hold_planned, name="hold_planned"),
    path("cases/<int:case_id>/close/", views.close, name="close"),
    path("cases/<int:case_id>/reopen/", views.reopen, name="reopen"),
    path("cases/<int:case_id>/return/", views.register_return, name="register_return"),
]
