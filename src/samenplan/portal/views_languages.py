"""The language switch (issue 12): Django's set_language behind a check of who may choose what. A family member's
choice is stored on their cases.Member (logged) and kept for their session; a professional chooses only among the
workbench's languages. A plain form: it works without JavaScript."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from samenplan.portal import access, actions_languages, languages, rules
from samenplan.portal.forms_languages import LanguageForm
from samenplan.portal.middleware import family_member_id


@require_POST
def choose_language(request):
    user = request.user
    family = user.is_authenticated and family_member_id(request) is not None
    choices = rules.language_choices(
        professional=user.is_authenticated and not family,
        languages=settings.LANGUAGES,
        workbench=settings.WORKBENCH_LANGUAGES,
    )
    form = LanguageForm(request.POST, choices=choices)
    if not form.is_valid():  # a language this user may not choose: nothing changes
        return HttpResponseRedirect(_back(request))
    if family:
        member = access.get_own_member(request)
        actions_languages.do_choose_language(user, member, form.cleaned_data["language"])
        languages.remember(request, form.cleaned_data["language"])
    return set_language(request)


def _back(request) -> str:
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe and target.startswith("/") else "/"
