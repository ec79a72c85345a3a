"""The JSON API, /api/v1/. Views live with their app (cases/api.py, accounts/api.py); the schema is here."""

from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView

from samenplan.accounts import api as accounts_api
from samenplan.administration import api as administration_api
from samenplan.analysis import api as analysis_api
from samenplan.caseload import api as caseload_api
from samenplan.cases import api as cases_api
from samenplan.catalogue import api as catalogue_api
from samenplan.consent import api as consent_api
from samenplan.decisions import api as decisions_api
from samenplan.evaluations import api as evaluations_api
from samenplan.feedback import api as feedback_api
from samenplan.goals import api as goals_api
from samenplan.handover import api as handover_api
from samenplan.instruments import api as instruments_api
from samenplan.intake import api as intake_api
from samenplan.network import api as network_api
from samenplan.plans import api as plans_api
from samenplan.privacy import api as privacy_api
from samenplan.tables import api as tables_api

urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="api-schema"),
    path("me/", accounts_api.me, name="api-me"),
    path("families/", cases_api.FamilyList.as_view(), name="api-families"),
    path("families/<int:family_id>/", cases_api.FamilyDetail.as_view(), name="api-family"),
    path("families/<int:family_id>/members/", cases_api.FamilyMemberList.as_view(), name="api-family-members"),
    path("members/<int:member_id>/", cases_api.MemberDetail.as_view(), name="api-member"),
    path("members/<int:member_id>/export/", privacy_api.MemberExport.as_view(), name="api-member-export"),
    path("cases/", cases_api.CaseList.as_view(), name="api-cases"),
    path("cases/<int:case_id>/", cases_api.CaseDetail.as_view(), name="api-case"),
    path("cases/<int:case_id>/phase/", cases_api.CasePhase.as_view(), name="api-case-phase"),
    path("cases/<int:case_id>/workers/", cases_api.CaseWorkers.as_view(), name="api-case-workers"),
    path("cases/<int:case_id>/entries/", cases_api.CaseEntryList.as_view(), name="api-case-entries"),
    path("cases/<int:case_id>/consents/", consent_api.CaseConsentList.as_view(), name="api-case-consents"),
    path("consents/<int:consent_id>/", consent_api.ConsentDetail.as_view(), name="api-consent"),
    path("consents/<int:consent_id>/revoke/", consent_api.ConsentRevoke.as_view(), name="api-consent-revoke"),
    path(
        "cases/<int:case_id>/information-requests/",
        consent_api.CaseInformationRequestList.as_view(),
        name="api-case-information-requests",
    ),
    path(
        "cases/<int:case_id>/conversations/",
        intake_api.CaseConversations.as_view(),
        name="api-case-conversations",
    ),
    path(
        "cases/<int:case_id>/clarifications/",
        intake_api.CaseClarifications.as_view(),
        name="api-case-clarifications",
    ),
    path("cases/<int:case_id>/route/", intake_api.CaseRoute.as_view(), name="api-case-route"),
    path("severity-levels/", intake_api.SeverityLevels.as_view(), name="api-severity-levels"),
    path("cases/<int:case_id>/analysis/", analysis_api.CaseAnalysis.as_view(), name="api-case-analysis"),
    path(
        "cases/<int:case_id>/analysis/circumstances/",
        analysis_api.CaseCircumstances.as_view(),
        name="api-case-analysis-circumstances",
    ),
    path(
        "cases/<int:case_id>/analysis/questions/",
        analysis_api.CaseQuestions.as_view(),
        name="api-case-analysis-questions",
    ),
    path("cases/<int:case_id>/analysis/picture/", analysis_api.CasePicture.as_view(), name="api-case-picture"),
    path(
        "cases/<int:case_id>/analysis/picture/share/",
        analysis_api.CasePictureShare.as_view(),
        name="api-case-picture-share",
    ),
    path(
        "cases/<int:case_id>/analysis/picture/finalise/",
        analysis_api.CasePictureFinalise.as_view(),
        name="api-case-picture-finalise",
    ),
    path(
        "cases/<int:case_id>/analysis/picture/override/",
        analysis_api.CasePictureOverride.as_view(),
        name="api-case-picture-override",
    ),
    path(
        "cases/<int:case_id>/analysis/psycho-education/",
        analysis_api.CasePsychoEducation.as_view(),
        name="api-case-psycho-education",
    ),
    path("cases/<int:case_id>/analysis/skip/", analysis_api.CaseSkipAnalysis.as_view(), name="api-case-skip-analysis"),
    path(
        "cases/<int:case_id>/consultations/",
        analysis_api.CaseConsultations.as_view(),
        name="api-case-consultations",
    ),
    path("consultations/", analysis_api.ConsultationQueue.as_view(), name="api-consultations"),
    path(
        "consultations/<int:consultation_id>/answer/",
        analysis_api.ConsultationAnswer.as_view(),
        name="api-consultation-answer",
    ),
    path("instruments/", instruments_api.DefinitionList.as_view(), name="api-instruments"),
    path(
        "cases/<int:case_id>/administrations/",
        instruments_api.CaseAdministrationList.as_view(),
        name="api-case-administrations",
    ),
    path("cases/<int:case_id>/own-strength/", network_api.CaseOwnStrength.as_view(), name="api-case-own-strength"),
    path(
        "cases/<int:case_id>/network-members/",
        network_api.CaseNetworkMembers.as_view(),
        name="api-case-network-members",
    ),
    path("cases/<int:case_id>/network/share/", network_api.CaseNetworkShare.as_view(), name="api-case-network-share"),
    path(
        "network-members/<int:network_member_id>/",
        network_api.NetworkMemberDetail.as_view(),
        name="api-network-member",
    ),
    path(
        "cases/<int:case_id>/family-group-plan/",
        network_api.CaseFamilyGroupPlan.as_view(),
        name="api-case-family-group-plan",
    ),
    path("plan-parts/<int:part_id>/take/", network_api.PlanPartTake.as_view(), name="api-plan-part-take"),
    path("cases/<int:case_id>/goals/", goals_api.CaseGoals.as_view(), name="api-case-goals"),
    path("cases/<int:case_id>/goals/order/", goals_api.GoalOrder.as_view(), name="api-case-goals-order"),
    path("cases/<int:case_id>/goals/agreements/", goals_api.CaseAgreements.as_view(), name="api-case-agreements"),
    path("cases/<int:case_id>/goals/miracle-question/", goals_api.CaseMiracle.as_view(), name="api-case-miracle"),
    path("cases/<int:case_id>/goals/drieluik/", goals_api.CaseDrieluik.as_view(), name="api-case-drieluik"),
    path(
        "cases/<int:case_id>/goals/signs-of-safety/",
        goals_api.CaseSignsOfSafety.as_view(),
        name="api-case-signs-of-safety",
    ),
    path("goals/<int:goal_id>/", goals_api.GoalDetail.as_view(), name="api-goal"),
    path("goals/<int:goal_id>/scores/", goals_api.GoalScores.as_view(), name="api-goal-scores"),
    path("cases/<int:case_id>/plan/", plans_api.CasePlan.as_view(), name="api-case-plan"),
    path("cases/<int:case_id>/plan/versions/", plans_api.PlanVersions.as_view(), name="api-case-plan-versions"),
    path(
        "cases/<int:case_id>/plan/versions/<int:number>/",
        plans_api.PlanVersionDetail.as_view(),
        name="api-case-plan-version",
    ),
    path(
        "cases/<int:case_id>/plan/versions/<int:number>/agreements/",
        plans_api.PlanVersionAgreement.as_view(),
        name="api-case-plan-agreement",
    ),
    path("cases/<int:case_id>/plan/diff/", plans_api.PlanDiff.as_view(), name="api-case-plan-diff"),
    path("administration/teams/", administration_api.TeamList.as_view(), name="api-administration-teams"),
    path(
        "administration/teams/<int:team_id>/", administration_api.TeamDetail.as_view(), name="api-administration-team"
    ),
    path("administration/people/", administration_api.PeopleList.as_view(), name="api-administration-people"),
    path(
        "administration/people/<int:user_id>/roles/",
        administration_api.PersonRoles.as_view(),
        name="api-administration-person-roles",
    ),
    path(
        "administration/people/<int:user_id>/active/",
        administration_api.PersonActive.as_view(),
        name="api-administration-person-active",
    ),
    path(
        "administration/settings/",
        administration_api.OrganisationSettingsView.as_view(),
        name="api-administration-settings",
    ),
    path("teams/<int:team_id>/overview/", administration_api.TeamOverview.as_view(), name="api-team-overview"),
    path("teams/<int:team_id>/outcomes/", caseload_api.TeamOutcomes.as_view(), name="api-team-outcomes"),
    path(
        "teams/<int:team_id>/conversation-ratings/",
        feedback_api.TeamRatings.as_view(),
        name="api-team-conversation-ratings",
    ),
    path("cases/<int:case_id>/agenda/", tables_api.CaseAgenda.as_view(), name="api-case-agenda"),
    path("agenda-items/<int:item_id>/outcome/", tables_api.AgendaItemOutcome.as_view(), name="api-agenda-item-outcome"),
    path("cases/<int:case_id>/handover/", handover_api.CaseHandover.as_view(), name="api-case-handover"),
    path("handovers/<int:handover_id>/decide/", handover_api.HandoverDecision.as_view(), name="api-handover-decide"),
    path("catalogue/", catalogue_api.CatalogueList.as_view(), name="api-catalogue"),
    path("catalogue/import/", catalogue_api.CatalogueImport.as_view(), name="api-catalogue-import"),
    path("catalogue/<int:offer_id>/", catalogue_api.CatalogueDetail.as_view(), name="api-catalogue-offer"),
    path("cases/<int:case_id>/evaluations/", evaluations_api.CaseEvaluations.as_view(), name="api-case-evaluations"),
    path(
        "cases/<int:case_id>/evaluations/now/",
        evaluations_api.CaseEvaluationNow.as_view(),
        name="api-case-evaluation-now",
    ),
    path("evaluations/<int:evaluation_id>/", evaluations_api.EvaluationDetail.as_view(), name="api-evaluation"),
    path("evaluations/<int:evaluation_id>/hold/", evaluations_api.EvaluationHold.as_view(), name="api-evaluation-hold"),
    path("cases/<int:case_id>/close/", evaluations_api.CaseClose.as_view(), name="api-case-close"),
    path("cases/<int:case_id>/reopen/", evaluations_api.CaseReopen.as_view(), name="api-case-reopen"),
    path("cases/<int:case_id>/return/", evaluations_api.CaseReturn.as_view(), name="api-case-return"),
    path("cases/<int:case_id>/progress/", evaluations_api.CaseProgress.as_view(), name="api-case-progress"),
    path("cases/<int:case_id>/options/", decisions_api.CaseOptions.as_view(), name="api-case-options"),
    path("options/<int:option_id>/", decisions_api.OptionDetail.as_view(), name="api-option"),
    path("cases/<int:case_id>/preferences/", decisions_api.CasePreferences.as_view(), name="api-case-preferences"),
    path("cases/<int:case_id>/decisions/", decisions_api.CaseDecisions.as_view(), name="api-case-decisions"),
    path("cases/<int:case_id>/help/", decisions_api.CaseHelp.as_view(), name="api-case-help"),
    path("help/<int:help_id>/", decisions_api.HelpDetail.as_view(), name="api-help"),
]
