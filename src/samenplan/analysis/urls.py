from django.urls import path

from samenplan.analysis import views

app_name = "analysis"
urlpatterns = [
    path("cases/<int:case_id>/analysis/", views.overview, name="overview"),
    path("cases/<int:case_id>/analysis/circumstances/new/", views.add_circumstance, name="add_circumstance"),
    path("cases/<int:case_id>/analysis/questions/new/", views.add_question, name="add_question"),
    path("cases/<int:case_id>/analysis/picture/", views.picture, name="picture"),
    path("cases/<int:case_id>/analysis/picture/share/", views.share, name="share"),
    path("cases/<int:case_id>/analysis/picture/finalise/", views.finalise, name="finalise"),
    path("cases/<int:case_id>/analysis/picture/override/", views.override, name="override"),
    path("cases/<int:case_id>/analysis/psycho-education/new/", views.psycho_education, name="psycho_education"),
    path("cases/<int:case_id>/analysis/skip/", views.skip, name="skip"),
    path("cases/<int:case_id>/consultations/new/", views.request_consultation, name="request_consultation"),
    path("consultations/", views.queue, name="queue"),
    path("consultations/<int:consultation_id>/", views.answer, name="answer"),
]
