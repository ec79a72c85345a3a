from django.urls import path

from samenplan.plans import views

app_name = "plans"
urlpatterns = [
    path("cases/<int:case_id>/plan/", views.plan, name="plan"),
    path("cases/<int:case_id>/plan/edit/", views.edit, name="edit"),
    path("cases/<int:case_id>/plan/merge/", views.merge, name="merge"),
    path("cases/<int:case_id>/plan/compare/", views.compare, name="compare"),
    path("cases/<int:case_id>/plan/agreement/", views.agreement, name="agreement"),
    path("cases/<int:case_id>/plan/pdf/", views.download, name="pdf"),
]
