"""factory_boy factories for the records that are not client data; client data is made through actions."""

from __future__ import annotations

import time

import factory
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from allauth.mfa.utils import decrypt
from faker import Faker

from samenplan.accounts.models import Membership, Organisation, Team, User
from samenplan.consent import actions as consent_actions

PASSWORD = "wachtwoord-voor-tests"  # every factory user's password
factory.Faker._DEFAULT_LOCALE = "nl_NL"
fake = Faker("nl_NL")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Wijkteamorganisatie {n}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Wijkteam {n}")


# Families' names the tests look for on pages (a page must or must not name the family): a professional's name drawn
# by Faker must never hold one, or a test would find a user's name in the header and fail now and then.
FAMILY_NAMES_IN_TESTS = ("jansen", "visser", "zuidema", "pietersen", "wit", "bakker", "berg", "smit", "aydin", "bos")


def staff_last_name() -> str:
    """A Faker surname that holds none of the families' names the tests use."""
    while True:
        name = factory.Faker("last_name").evaluate(None, None, {"locale": None})
        if not any(family in name.lower() for family in FAMILY_NAMES_IN_TESTS):
            return name


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.LazyFunction(staff_last_name)
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def second_factor(user, create, extracted, **kwargs):
        """Every samenplan user must have a second factor: give them an authenticator app (TOTP) with recovery
        codes, as a real user gets by setting one up. ``UserFactory(second_factor=False)`` makes one without."""
        if create and extracted is not False:
            give_totp(user)


def give_totp(user: User) -> str:
    """Activate TOTP and recovery codes for ``user`` the way allauth does; returns the (plain) secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return secret


def totp_secret(user: User) -> str:
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    return decrypt(authenticator.data["secret"])


def totp_code(user: User, at: float | None = None) -> str:
    """The code the user's authenticator app shows now (or at ``at``), computed from the stored secret."""
    return code_for_secret(totp_secret(user), at)


def code_for_secret(secret: str, at: float | None = None) -> str:
    """What an authenticator app shows for ``secret`` (RFC 6238: HMAC-SHA1, 30 s, 6 digits)."""
    if at is None:
        if time.time() % 30 > 27:  # the code would change before the test posts it
            time.sleep(30 - time.time() % 30 + 0.1)
        at = time.time()
    counter = int(at) // 30
    return format_hotp_value(hotp_value(secret, counter))


def recovery_codes(user: User) -> list[str]:
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    return authenticator.wrap().get_unused_codes()


def member_of(team: Team, role: str, **kwargs) -> User:
    """A user of the team's organisation holding ``role`` in ``team``."""
    user = UserFactory(organisation=team.organisation, **kwargs)
    Membership.objects.create(user=user, team=team, role=role)
    return user


def record_consent(actor, case, **overrides):
    """A consent through the real action: by default every member (in the world's family: Sanne, the parent
    with custody, and Mees, 12) lets the team ask the school about school and development."""
    fields = {
        "recipient_name": "OBS De Regenboog",
        "recipient_kind": "organisation",
        "recipient_role": "school",
        "purpose": "request_information",
        "data_kinds": ["school", "development"],
        "benefit": "Dan hoeft het gezin het verhaal niet opnieuw te vertellen.",
        "givers": list(case.family.members.all()),
    }
    fields.update(overrides)
    return consent_actions.do_record_consent(actor, case, **fields)


def case_with_registration(*, registered_by: str = "family", reason: str = "", **fields):
    """A case made directly in the database (an old or closed one a test needs), with its registration."""
    from samenplan.cases.models import Case
    from samenplan.intake.models import Registration

    case = Case.objects.create(**fields)
    Registration.objects.create(case=case, registered_by=registered_by, reason=reason or "Aanmelding")
    return case


def consultation_on(case, scientist, *, requested_by=None, status="open"):
    """An open request for consultation of ``scientist`` on ``case``, with a draft picture attached: rows only, for
    set-up where the steps themselves are not what is tested (the steps: tests/analysis)."""
    from django.utils import timezone

    from samenplan.analysis.models import CoherentPicture, Consultation, Factor

    requested_by = requested_by or case.caseworker
    picture = case.pictures.filter(current=True).first()
    if picture is None:
        picture = CoherentPicture.objects.create(
            case=case,
            nature_severity="Veel ruzie thuis; de ernst is nog onduidelijk.",
            safety="Mees is thuis veilig.",
            strengths="Moeder zoekt zelf hulp.",
            recorded_by=requested_by,
            recorded_at=timezone.now(),
        )
        Factor.objects.create(
            picture=picture, description="Weinig slaap", kind="maintaining", domain="parent", source="conversation"
        )
    consultation = Consultation.objects.create(
        case=case,
        picture=picture,
        scientist=scientist,
        question="Zien wij iets over het hoofd?",
        conditions="Alleen het samenhangend beeld, geen schoolgegevens.",
        requested_by=requested_by,
        requested_at=timezone.now(),
        status=status,
    )
    consultation.agreed_by.set(case.family.members.all())
    return consultation


def stopped_seed(families: int) -> None:
    """``samenplan seed --scale`` stopped (as by Ctrl-C) after its first chunk of families, before the access log."""
    import pytest

    from samenplan import scale_seed

    def stop(what, done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        scale_seed.seed(families, log_per_family=1, progress=stop)
