"""factory_boy factories for the records that are not client data; client data is made through actions."""

from __future__ import annotations

import factory
from faker import Faker

from samenplan.accounts.models import Membership, Organisation, Team, User
from samenplan.consent import actions as consent_actions

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


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.django.Password("wachtwoord-voor-tests")


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
