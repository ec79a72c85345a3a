from django.urls import path

from samenplan.portal import views

app_name = "portal"

urlpatterns = [
    path("portal/", views.home, name="home"),
    path("portal/invitation/<str:link>/", views.accept, name="accept"),
    path("portal/invitation/<str:link>/oidc/", views.accept_oidc, name="accept_oidc"),
    path("portal/goals/", views.goals, name="goals"),
    path("portal/goals/own-part/", views.share_own_part, name="share_own_part"),
    path("portal/goals/<int:goal_id>/score/", views.score, name="score"),
    path("portal/consents/", views.consents, name="consents"),
    path("portal/consents/<int:consent_id>/revoke/", views.revoke, name="revoke"),
    path("portal/plan/", views.plan, name="plan"),
    path("portal/plan/agreement/", views.plan_agreement, name="plan_agreement"),
    path("portal/plan/versions/<int:number>/", views.plan_version, name="plan_version"),
    path("portal/plan/pdf/", views.plan_pdf, name="plan_pdf"),
    path("portal/access-log/", views.access_log, name="access_log"),
    path("cases/<int:case_id>/portal-invitation/", views.invite, name="invite"),
]

from samenplan.portal import views_options  # noqa: E402

urlpatterns += [
    path("portal/options/", views_options.options, name="options"),
    path("portal/options/preference/", views_options.preference, name="preference"),
    path("portal/options/<int:option_id>/", views_options.option, name="option"),
]

from samenplan.portal import views_questionnaires  # noqa: E402

urlpatterns += [
    path("portal/questionnaires/", views_questionnaires.questionnaires, name="questionnaires"),
    path("portal/questionnaires/<int:assignment_id>/", views_questionnaires.questionnaire, name="questionnaire"),
]
