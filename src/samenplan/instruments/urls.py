from django.urls import path

from samenplan.instruments import views

app_name = "instruments"
urlpatterns = [
    path("instruments/", views.definitions, name="definitions"),
    path("instruments/load/", views.load, name="load"),
    path("instruments/<int:definition_id>/", views.definition, name="definition"),
    path("cases/<int:case_id>/administrations/new/", views.administer, name="administer"),
    path("administrations/<int:administration_id>/", views.administration, name="administration"),
    path("cases/<int:case_id>/questionnaires/assign/", views.assign, name="assign"),
]
