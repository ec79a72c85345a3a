"""Loading instrument definitions and recording administrations: each in one transaction with its access-log
record (and, for an administration, its dossier entry). Views, the API, the commands, the demo and tests call these.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import rules as permission_rules
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from samenplan import clock
from samenplan.accounts.models import Organisation, User
from samenplan.audit import log
from samenplan.audit.models import Event
from samenplan.cases.models import Case, DossierEntry, EntryKind, Member, Voice
from samenplan.cases.rules import age_on
from samenplan.instruments import rules
from samenplan.instruments.access import definitions_for
from samenplan.instruments.models import Administration, Definition, Informant, NormSex
from samenplan.validation import check_date, clean_text

SHIPPED_DIR = Path(__file__).parent / "definitions"
FAMILY_INFORMANTS = (Informant.PARENT, Informant.YOUTH)


def problems_error(problems: list[rules.Problem], field: str = "definition") -> ValidationError:
    """Every problem of a definition as one field's errors, each with its path."""
    return ValidationError({field: [ValidationError(str(p), code="invalid_definition") for p in problems]})


def do_load_definition(actor: User | None, text: str, *, organisation: Organisation | None) -> Definition:
    """Check a definition file and store it as a new version for ``organisation`` (None: shipped with samenplan).

    Refused, with every problem and its path, when the file does not match the schema or the rules; refused when
    this version is already loaded or is not newer than the loaded ones (a definition is never changed: a change
    is a new version, and results recorded with an older version keep it). An organisation's code may not be
    one of the shipped definitions'.
    """
    if actor is not None and not (
        permission_rules.test_rule("instruments.manage", actor)
        and organisation is not None
        and actor.organisation_id == organisation.pk
    ):
        raise PermissionDenied
    data, problems = rules.load(text)
    if problems:
        raise problems_error(problems)
    code, version = data["code"], data["version"]
    with transaction.atomic():
        same_code = Definition.objects.select_for_update().filter(code=code)
        if organisation is not None and same_code.filter(organisation__isnull=True).exists():
            raise ValidationError(
                {"definition": _('code: "%(code)s" is the code of a definition shipped with samenplan') % data},
                code="shipped_code",
            )
        newest = same_code.filter(organisation=organisation).order_by("-version").first()
        if newest is not None and newest.version >= version:
            message = (
                _("version: version %(version)d of %(code)s is already loaded; a change needs a higher version")
                if newest.version == version
                else _("version: %(code)s is already loaded with the higher version %(newest)d")
            )
            raise ValidationError(
                {"definition": message % {"version": version, "code": code, "newest": newest.version}},
                code="version_exists",
            )
        try:
            with transaction.atomic():
                definition = Definition.objects.create(
                    organisation=organisation,
                    code=code,
                    version=version,
                    name=data["name"],
                    definition=data,
                    source=text,
                    licence=data["licence"],
                    loaded_at=timezone.now(),
                    loaded_by=actor,
                )
        except IntegrityError as error:  # loaded by someone else a moment ago
            raise ValidationError({"definition": _("This version was loaded a moment ago.")}) from error
        log.record(
            actor,
            Event.CREATE,
            "instruments.load",
            detail=f"definition={definition.pk} code={code} version={version}"
            + (" shipped" if organisation is None else ""),
        )
    return definition


def shipped_files() -> list[Path]:
    return sorted(SHIPPED_DIR.glob("*.yaml"))


def ensure_shipped() -> list[Definition]:
    """Load every shipped definition whose version is not loaded yet; the newly loaded ones."""
    loaded = []
    for path in shipped_files():
        data, problems = rules.load(path.read_text(encoding="utf-8"))
        if problems:  # a test keeps the shipped files valid
            raise problems_error(problems)
        if not Definition.objects.filter(organisation__isnull=True, code=data["code"], version__gte=data["version"]):
            loaded.append(do_load_definition(None, path.read_text(encoding="utf-8"), organisation=None))
    return loaded


def _require_editor(actor: User, case: Case) -> None:
    if not permission_rules.test_rule("cases.change_case", actor, case):
        raise PermissionDenied


def do_administer(
    actor: User,
    case: Case,
    *,
    definition: Definition,
    member: Member | None,
    informant: str,
    answers: dict,
    informant_member: Member | None = None,
    informant_name: str = "",
    administered_on: date | None = None,
    sex: str = NormSex.UNKNOWN,
) -> Administration:
    """Record that a questionnaire was filled in, with its scores and bands computed now, against this exact
    version of its definition (G2.6). Later versions of the definition never change these scores.

    The person it is about being outside the instrument's age range is a warning stored with the result, not a
    refusal. Unknown items and answers outside an item's scale are refused, each with its item (``answers.<id>``).
    """
    _require_editor(actor, case)
    today = timezone.localdate(clock.now())
    administered_on = administered_on or today
    errors: dict[str, list[ValidationError]] = {}

    def error(field: str, message: str, code: str = "invalid") -> None:
        errors.setdefault(field, []).append(ValidationError(message, code=code))

    if definition is None or not definitions_for(case.family.organisation_id).filter(pk=definition.pk).exists():
        error("definition", _("Choose a questionnaire of this organisation."), "invalid_choice")
        raise ValidationError(errors)
    spec = definition.definition
    if member is not None and member.family_id != case.family_id:
        error("member", _("Choose a member of this family."), "invalid_choice")
    if informant not in Informant.values:
        error("informant", _("Choose who filled it in."), "invalid_choice")
    elif informant not in spec.get("informants", []):
        error(
            "informant",
            _("%(name)s is not meant to be filled in by: %(informant)s.")
            % {"name": definition.name, "informant": Informant(informant).label},
            "wrong_informant",
        )
    if informant_member is not None and informant_member.family_id != case.family_id:
        error("informant_member", _("Choose a member of this family."), "invalid_choice")
    if informant in FAMILY_INFORMANTS and informant_member is None:
        error("informant_member", _("Choose the family member who filled it in."), "required")
    if informant not in FAMILY_INFORMANTS and informant_member is not None:
        error("informant_member", _("A family member fills it in only as parent or youth."), "invalid")
    try:
        informant_name = clean_text(informant_name or "")
    except ValidationError as invalid:
        errors.setdefault("informant_name", []).append(invalid)
    if informant == Informant.TEACHER and not informant_name:
        error("informant_name", _("Write down the name of the teacher who filled it in."), "required")
    try:
        check_date(administered_on, latest=today)
    except ValidationError as invalid:
        errors.setdefault("administered_on", []).append(invalid)
    if member is not None and member.date_of_birth and administered_on < member.date_of_birth:
        error(
            "administered_on",
            _("This date lies before %(name)s was born.") % {"name": member},
            "before_birth",
        )
    if sex not in NormSex.values:
        error("sex", _("Choose girl or woman, boy or man, or unknown."), "invalid_choice")
    answers = _clean_text_answers(spec, answers, errors)
    for problem in rules.check_answers(spec, answers):
        error(problem.path, problem.message, "invalid_answer")
    if errors:
        raise ValidationError(errors)

    answers = rules.clean_answers(spec, answers)
    age = age_on(member.date_of_birth, administered_on) if member and member.date_of_birth else None
    result = rules.score(spec, answers, age, sex if sex != NormSex.UNKNOWN else None)
    with transaction.atomic():
        administration = Administration.objects.create(
            case=case,
            definition=definition,
            member=member,
            informant=informant,
            informant_member=informant_member,
            informant_user=actor if informant == Informant.PROFESSIONAL else None,
            informant_name=informant_name,
            administered_on=administered_on,
            age=age,
            sex=sex,
            answers=answers,
            scores=result.as_json(),
            warnings=result.warnings,
            recorded_by=actor,
            recorded_at=clock.now(),
        )
        with translation.override(settings.LANGUAGE_CODE):  # the dossier speaks the organisation's language
            text = _entry_text(administration, result)
        DossierEntry.objects.create(
            case=case, author=actor, at=clock.now(), kind=EntryKind.INSTRUMENT, voice=Voice.SYSTEM, text=text
        )
        log.record(
            actor,
            Event.CREATE,
            "instruments.administer",
            case=case,
            member=member,
            detail=f"administration={administration.pk} definition={definition.pk}",
        )
    return administration


def _clean_text_answers(spec: dict, answers, errors: dict) -> dict:
    """Open answers without invisible padding (and refused when no database can store them)."""
    if not isinstance(answers, dict):
        return answers
    items = rules.items_by_id(spec)
    cleaned = dict(answers)
    for key, value in answers.items():
        if isinstance(value, str) and items.get(key, {}).get("kind") == rules.TEXT:
            try:
                cleaned[key] = clean_text(value)
            except ValidationError as invalid:
                errors.setdefault(f"answers.{key}", []).append(invalid)
    return cleaned


def _entry_text(administration: Administration, result: rules.Result) -> str:
    definition = administration.definition
    parts = [
        _("Questionnaire filled in: %(name)s (version %(version)d), by %(informant)s on %(date)s.")
        % {
            "name": definition.name,
            "version": definition.version,
            "informant": administration.informant_label,
            "date": formats.date_format(administration.administered_on, "d-m-Y"),
        }
    ]
    if administration.member is not None:
        parts.append(_("About: %(member)s.") % {"member": administration.member})
    for sub in result.subscales.values():
        if sub.score is None:
            parts.append(_("%(name)s: not scored.") % {"name": sub.name})
        elif sub.band is not None:
            values = {"name": sub.name, "score": sub.score, "band": sub.band.label}
            parts.append(_("%(name)s: %(score)s (%(band)s).") % values)
        else:
            parts.append(_("%(name)s: %(score)s.") % {"name": sub.name, "score": sub.score})
    parts.extend(result.warnings)
    return " ".join(parts)
