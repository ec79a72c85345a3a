from django.urls import path

from samenplan.network import views

app_name = "network"
urlpatterns = [
    path("cases/<int:case_id>/network/", views.overview, name="overview"),
    path("cases/<int:case_id>/own-strength/", views.own_strength, name="own_strength"),
    path("cases/<int:case_id>/network/new/", views.add_member, name="add_member"),
    path("network-members/<int:network_member_id>/edit/", views.edit_member, name="edit_member"),
    path("cases/<int:case_id>/family-group-plan/", views.family_group_plan, name="family_group_plan"),
    path("plan-parts/<int:part_id>/take/", views.take_part, name="take_part"),
    path("cases/<int:case_id>/network/share/", views.share, name="share"),
]
