from django.urls import path

from samenplan.portal import (
    views,
    views_consent,
    views_owndata,
    views_proposals,
    views_rate,
    views_readaloud,
    views_see,
)

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
    path("portal/proposals/", views_proposals.proposals, name="proposals"),
    path("portal/proposals/new/<str:kind>/", views_proposals.propose, name="propose"),
    path("portal/picture/", views_proposals.picture, name="picture"),
    path("cases/<int:case_id>/family-proposals/", views_proposals.case_proposals, name="case_proposals"),
    path(
        "cases/<int:case_id>/family-proposals/<int:proposal_id>/take/",
        views_proposals.take_proposal,
        name="take_proposal",
    ),
    path(
        "cases/<int:case_id>/family-proposals/<int:proposal_id>/decline/",
        views_proposals.decline_proposal,
        name="decline_proposal",
    ),
    path("cases/<int:case_id>/family-input/seen/", views_proposals.family_input_seen, name="family_input_seen"),
    path("portal/network/", views_see.network, name="network"),
    path("portal/route/", views_see.route, name="route"),
    path("portal/explained/", views_see.explained, name="explained"),
    path("portal/safety/", views_see.safety, name="safety"),
    path("portal/notes/", views_see.notes, name="notes"),
    path("portal/read-aloud/<str:block>/", views_readaloud.read_aloud, name="read_aloud"),
    path("portal/conversations/", views_rate.conversations, name="conversations"),
    path("portal/conversations/<int:conversation_id>/rate/", views_rate.rate, name="rate"),
    path("portal/own-data/", views_owndata.own_data, name="own_data"),
    path("portal/own-data/json/", views_owndata.own_data_json, name="own_data_json"),
    path("portal/own-data/pdf/", views_owndata.own_data_pdf, name="own_data_pdf"),
    path("portal/consents/proposals/<int:consent_proposal_id>/give/", views_consent.give, name="give_consent"),
    path("portal/consents/<int:consent_id>/limit/", views_consent.limit, name="limit_consent"),
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
