from django.urls import path

from samenplan.catalogue import views

app_name = "catalogue"
urlpatterns = [
    path("catalogue/", views.offer_list, name="list"),
    path("catalogue/new/", views.add_offer, name="add"),
    path("catalogue/import/", views.import_offers, name="import"),
    path("catalogue/<int:offer_id>/", views.offer_detail, name="detail"),
    path("catalogue/<int:offer_id>/edit/", views.edit_offer, name="edit"),
    path("catalogue/<int:offer_id>/active/", views.set_active, name="set_active"),
]
