import rules

from samenplan.catalogue.access import reads_catalogue


def navigation(request):
    """What the main menu offers this user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from samenplan.portal.access import portal_navigation

    family = portal_navigation(request)
    if family is not None:
        return family  # a family account: the portal's menu, none of the professional links
    return {
        "perms_can_register": rules.test_rule("cases.register_family", user),
        "perms_can_read_log": rules.test_rule("audit.view_log", user),
        "perms_can_decide_requests": rules.test_rule("privacy.decide_requests", user),
        "perms_can_use_emergency": rules.test_rule("emergency.open", user),
        "perms_can_review_emergency": rules.test_rule("emergency.review", user),
        "perms_can_consult": rules.test_rule("analysis.view_queue", user),
        "perms_can_manage_instruments": rules.test_rule("instruments.manage", user),
        "perms_can_administer": rules.test_rule("administration.administer", user),
        "perms_can_view_team_overview": rules.test_rule("administration.view_team_overview", user),
        "perms_can_read_catalogue": reads_catalogue(user),
    }
