from django.urls import path

from samenplan.tables import views

app_name = "tables"
urlpatterns = [
    path("administration/teams/<int:team_id>/tables/", views.configure, name="configure"),
    path("cases/<int:case_id>/tables/", views.put_on_agenda, name="put_on_agenda"),
    path("tables/<int:table_id>/", views.agenda, name="agenda"),
    path("agenda-items/<int:item_id>/outcome/", views.record_outcome, name="record_outcome"),
]
