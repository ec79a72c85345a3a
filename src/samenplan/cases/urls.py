from django.urls import path

from samenplan.cases import views

app_name = "cases"
urlpatterns = [
    path("cases/", views.caseload, name="caseload"),
    path("cases/<int:case_id>/", views.dossier, name="dossier"),
    path("cases/<int:case_id>/notes/", views.add_note, name="add_note"),
    path("cases/entries/<int:entry_id>/share/", views.share_entry, name="share_entry"),
    path("cases/<int:case_id>/phase/", views.move_phase, name="move_phase"),
    path("cases/<int:case_id>/workers/", views.change_workers, name="change_workers"),
    path("families/new/", views.register, name="register"),
    path("families/<int:family_id>/members/new/", views.add_member, name="add_member"),
    path("members/<int:member_id>/edit/", views.edit_member, name="edit_member"),
]
