from django.urls import path

from samenplan.audit import views

app_name = "audit"
urlpatterns = [path("access-log/", views.access_log, name="log")]
