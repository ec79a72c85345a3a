from django.urls import path

from samenplan.decisions import views

app_name = "decisions"
urlpatterns = [
    path("cases/<int:case_id>/options/", views.grid, name="grid"),
    path("cases/<int:case_id>/options/new/", views.add_option, name="add_option"),
    path("options/<int:option_id>/edit/", views.edit_option, name="edit_option"),
    path("cases/<int:case_id>/preferences/", views.preference, name="preference"),
    path("cases/<int:case_id>/decisions/new/", views.decide, name="decide"),
    path("cases/<int:case_id>/decisions/override/", views.override, name="override"),
    path("cases/<int:case_id>/help/new/", views.add_help, name="add_help"),
    path("help/<int:help_id>/edit/", views.edit_help, name="edit_help"),
]
