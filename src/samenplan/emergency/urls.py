from django.urls import path

from samenplan.emergency import views

app_name = "emergency"
urlpatterns = [
    path("emergency/", views.open_case, name="open"),
    path("emergency/review/", views.review_list, name="review_list"),
    path("emergency/<int:grant_id>/review/", views.review, name="review"),
]
