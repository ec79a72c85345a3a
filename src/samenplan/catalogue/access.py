"""Who sees the catalogue of help, and fetching an offer for a user.

Everyone who works in a team of the organisation reads its catalogue (they choose options from it); only its
administrator changes it. Another organisation's offers, and family accounts, get 404. The catalogue holds no
client data.
"""

from __future__ import annotations

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Lower
from django.http import Http404

from samenplan.administration.predicates import administers
from samenplan.catalogue.models import INTENSITY_ORDER, HelpOffer
from samenplan.errors import read_only
from samenplan.ids import parse_id


def reads_catalogue(user) -> bool:
    """A professional, team lead, scientist or administrator of an organisation (not a family account)."""
    return bool(
        getattr(user, "is_authenticated", False) and user.is_active and user.organisation_id and user.team_roles
    )


def administers_catalogue(user) -> bool:
    return reads_catalogue(user) and administers(user)


def in_stepped_care_order(offers: QuerySet) -> QuerySet:
    """Lightest help first, then by name (rules.stepped_care_key, in SQL)."""
    rank = Case(
        *[When(intensity=value, then=Value(index)) for value, index in INTENSITY_ORDER.items()],
        default=Value(len(INTENSITY_ORDER)),
        output_field=IntegerField(),
    )
    return offers.annotate(intensity_rank=rank).order_by("intensity_rank", Lower("name"), "pk")


def filter_offers(
    offers: QuerySet, *, age: int | None = None, text: str = "", intensity: str = "", evidence_level: str = ""
) -> QuerySet:
    """The same filters as rules.matches (age, every word of the text), plus intensity and evidence level."""
    if age is not None:
        offers = offers.filter(Q(min_age__isnull=True) | Q(min_age__lte=age))
        offers = offers.filter(Q(max_age__isnull=True) | Q(max_age__gte=age))
    for word in (text or "").split()[:10]:
        offers = offers.filter(
            Q(name__icontains=word)
            | Q(description__icontains=word)
            | Q(target_problems__icontains=word)
            | Q(provider__icontains=word)
        )
    if intensity:
        offers = offers.filter(intensity=intensity)
    if evidence_level:
        offers = offers.filter(evidence_level=evidence_level)
    return offers


def catalogue_for_user(user, *, include_withdrawn: bool = False, **filters) -> QuerySet:
    """The offers of the user's organisation, lightest first; withdrawn ones only for its administrator."""
    if not reads_catalogue(user):
        return HelpOffer.objects.none()
    offers = HelpOffer.objects.filter(organisation_id=user.organisation_id)
    if not (include_withdrawn and administers(user)):
        offers = offers.filter(active=True)
    return in_stepped_care_order(filter_offers(offers, **filters))


def offers_for_user(user, *, age: int | None = None, text: str = "") -> QuerySet:
    """The active offers of the user's organisation that fit the age and the text, lightest first.

    For choosing an option from the catalogue (decisions); empty for anyone who does not read the catalogue.
    """
    return catalogue_for_user(user, age=age, text=text)


def get_offer_for_user(user, offer_id, *, edit: bool = False) -> HelpOffer:
    """An offer of the user's organisation (a withdrawn one too: options may still name it); 404 otherwise.
    ``edit``: 403 for a reader who is not the administrator."""
    pk = parse_id(offer_id)
    offer = None
    if pk is not None and reads_catalogue(user):
        offer = HelpOffer.objects.filter(pk=pk, organisation_id=user.organisation_id).first()
    if offer is None:
        raise Http404
    if edit and not administers(user):
        raise read_only()
    return offer


def require_catalogue_administrator(user) -> None:
    """403 for anyone who is not an administrator (the pages exist for everyone; they say nothing secret)."""
    if not administers_catalogue(user):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
