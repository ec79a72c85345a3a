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
    A family member fills it in themselves in the portal (the actor is their account, ``informant_member`` is
    they): the dossier entry is then in the family's voice, as their portal input.
    """
    from samenplan.portal.access import acts_as

    own = informant_member is not None and acts_as(actor, informant_member)
    if not own:
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
            case=case,
            author=actor,
            at=clock.now(),
            kind=EntryKind.PORTAL if own else EntryKind.INSTRUMENT,
            voice=Voice.FAMILY if own else Voice.SYSTEM,
            speaker=informant_member if own else None,
            text=text,
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


# ── Questionnaires assigned to a family member, filled in by them in the portal ──────────────────────────────


def _age_of(member: Member | None, on: date) -> int | None:
    return age_on(member.date_of_birth, on) if member is not None and member.date_of_birth else None


def assignment_refusal_message(code: str, definition: Definition, member: Member, about: Member | None) -> str:
    who = about or member
    return {
        rules.NOT_FOR_INFORMANT: _("%(name)s is not meant to be filled in by %(member)s (%(informant)s).")
        % {
            "name": definition.name,
            "member": member,
            "informant": Informant(rules.family_informant(is_child=member.role == "child")).label,
        },
        rules.OUTSIDE_AGE_RANGE: _("%(name)s is meant for ages %(min)d to %(max)d; %(who)s does not fit.")
        % {"name": definition.name, "min": definition.age_range[0], "max": definition.age_range[1], "who": who},
        rules.AGE_UNKNOWN: _("Fill in the date of birth of %(who)s first: %(name)s is meant for certain ages.")
        % {"who": who, "name": definition.name},
    }[code]


def do_assign(
    actor: User, case: Case, *, definition: Definition, member: Member, about: Member | None = None, due_on: date
):
    """Ask ``member`` to fill in ``definition`` themselves (in the portal) by ``due_on``, about ``about`` (None:
    about the whole family; a youth without ``about`` answers about themselves). Only a definition whose
    informants include the member's role and whose age range fits may be assigned (``rules.assignment_refusal``).
    """
    from samenplan.instruments.models import Assignment

    _require_editor(actor, case)
    today = timezone.localdate(clock.now())
    errors: dict[str, list[ValidationError]] = {}

    def error(field: str, message: str, code: str = "invalid") -> None:
        errors.setdefault(field, []).append(ValidationError(message, code=code))

    if not isinstance(definition, Definition) or not (
        definitions_for(case.family.organisation_id).filter(pk=definition.pk).exists()
    ):
        error("definition", _("Choose a questionnaire of this organisation."), "invalid_choice")
    if not isinstance(member, Member) or member.family_id != case.family_id:
        error("member", _("Choose a member of this family."), "invalid_choice")
    if about is not None and (not isinstance(about, Member) or about.family_id != case.family_id):
        error("about", _("Choose a member of this family."), "invalid_choice")
    try:
        check_date(due_on, earliest=today)
    except (ValidationError, TypeError) as invalid:
        errors.setdefault("due_on", []).append(
            invalid if isinstance(invalid, ValidationError) else ValidationError(_("Enter a valid date."), "invalid")
        )
    if not errors:
        is_child = member.role == "child"
        subject = about if about is not None else (member if is_child else None)
        refusal = rules.assignment_refusal(
            definition.definition,
            informant=rules.family_informant(is_child=is_child),
            about_age=_age_of(subject, today),
            about_someone=subject is not None,
        )
        if refusal is not None:
            field = "definition" if refusal == rules.NOT_FOR_INFORMANT else ("about" if about else "member")
            error(field, assignment_refusal_message(refusal, definition, member, subject), refusal)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        from samenplan.cases.actions import add_entry, lock_case

        locked = lock_case(case)
        assignment = Assignment.objects.create(
            case=locked,
            definition=definition,
            member=member,
            about=about if about is not None else (member if member.role == "child" else None),
            due_on=due_on,
            assigned_by=actor,
            assigned_at=clock.now(),
        )
        with translation.override(settings.LANGUAGE_CODE):
            text = _("%(member)s is asked to fill in %(name)s in the portal, by %(date)s.") % {
                "member": member,
                "name": definition.name,
                "date": formats.date_format(due_on, "d-m-Y"),
            }
        add_entry(locked, actor, EntryKind.INSTRUMENT, text, voice=Voice.SYSTEM, speaker=member)
        log.record(
            actor, Event.CREATE, "instruments.assign", case=locked, member=member, detail=f"assignment={assignment.pk}"
        )
    return assignment


def _own_open(actor: User, assignment):
    from samenplan.portal.access import acts_as

    if not acts_as(actor, assignment.member):
        raise PermissionDenied
    if assignment.is_done:
        raise ValidationError(_("You already sent this questionnaire."), code="done")


def _checked_answers(assignment, answers) -> dict:
    spec = assignment.definition.definition
    errors: dict[str, list[ValidationError]] = {}
    answers = _clean_text_answers(spec, answers, errors)
    for problem in rules.check_answers(spec, answers):
        errors.setdefault(problem.path, []).append(ValidationError(problem.message, code="invalid_answer"))
    if errors:
        raise ValidationError(errors)
    return rules.clean_answers(spec, answers)


def do_save_answers(actor: User, assignment, *, answers: dict, expected_version):
    """Keep the member's answers so far, to go on later; seen by nobody else until sent (logged, no dossier entry:
    a draft is not the family's word yet). ``expected_version`` guards against a second screen."""
    from samenplan.errors import check_version
    from samenplan.instruments.models import Assignment

    _own_open(actor, assignment)
    cleaned = _checked_answers(assignment, answers)
    with transaction.atomic():
        locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
        _own_open(actor, locked)
        check_version(locked, expected_version)
        locked.answers = cleaned
        locked.saved_at = clock.now()
        locked.version += 1
        locked.save(update_fields=["answers", "saved_at", "version"])
        log.record(
            actor,
            Event.CHANGE,
            "instruments.save_answers",
            case=locked.case,
            member=locked.member,
            detail=f"assignment={locked.pk}",
        )
    return locked


def do_submit_answers(actor: User, assignment, *, answers: dict, expected_version):
    """Send the member's answers: an administration with the member as informant, scored like one the professional
    entered (``do_administer``), the family's voice in the dossier; the assignment is then done."""
    from samenplan.errors import check_version
    from samenplan.instruments.models import Assignment

    _own_open(actor, assignment)
    cleaned = _checked_answers(assignment, answers)
    member = assignment.member
    with transaction.atomic():
        locked = (
            Assignment.objects.select_for_update().select_related("case__family", "definition").get(pk=assignment.pk)
        )
        _own_open(actor, locked)
        check_version(locked, expected_version)
        administration = do_administer(
            actor,
            locked.case,
            definition=locked.definition,
            member=locked.about,
            informant=rules.family_informant(is_child=member.role == "child"),
            informant_member=member,
            answers=cleaned,
        )
        locked.answers = cleaned
        locked.administration = administration
        locked.completed_at = clock.now()
        locked.version += 1
        locked.save(update_fields=["answers", "administration", "completed_at", "version"])
        log.record(
            actor, Event.CHANGE, "instruments.submit_answers", case=locked.case, member=member,
            detail=f"assignment={locked.pk} administration={administration.pk}",
        )  # fmt: skip
    return locked
