"""Changes to the catalogue of help: add, change, take out of (or back into) the catalogue, and import from CSV.

Only the organisation's administrator. Each in one transaction with its access-log record; a change names the
version it was based on (optimistic locking). An offer is never removed: options and help may refer to it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samenplan.accounts.models import Organisation, User
from samenplan.administration.predicates import administers
from samenplan.audit import log
from samenplan.audit.models import Event
from samenplan.catalogue import rules
from samenplan.catalogue.models import HelpOffer
from samenplan.errors import check_version

IMPORT = "catalogue.import"
CHANGE = "catalogue.change"


def _require(actor: User | None, organisation_id: int) -> None:
    """The organisation's administrator; ``None`` is the command line (run by whoever runs the server)."""
    if actor is None:
        return
    if not administers(actor) or actor.organisation_id != organisation_id:
        raise PermissionDenied


def _checked(values: dict) -> dict:
    clean, errors = rules.check_offer(values)
    if errors:
        raise ValidationError({name: [ValidationError(m, code="invalid") for m in messages]
                               for name, messages in errors.items()})  # fmt: skip
    return clean


def _name_taken(organisation_id: int, name: str, exclude: int | None = None) -> bool:
    return HelpOffer.objects.filter(organisation_id=organisation_id, name__iexact=name).exclude(pk=exclude).exists()


def _duplicate() -> ValidationError:
    return ValidationError(
        {"name": ValidationError(_("The catalogue already has help with this name."), code="unique")}
    )


def do_add_offer(actor: User, values: dict, *, organisation: Organisation | None = None) -> HelpOffer:
    organisation_id = organisation.pk if organisation is not None else actor.organisation_id
    _require(actor, organisation_id)
    clean = _checked(values)
    with transaction.atomic():
        Organisation.objects.select_for_update().filter(pk=organisation_id).first()  # one name at a time
        if _name_taken(organisation_id, clean["name"]):
            raise _duplicate()
        offer = HelpOffer.objects.create(organisation_id=organisation_id, **clean)
        log.record(actor, Event.CREATE, CHANGE, detail=f"offer={offer.pk} added name={offer.name!r}")
    return offer


def _changes(offer: HelpOffer, clean: dict) -> list[tuple[str, object, object]]:
    return [(name, getattr(offer, name), value) for name, value in clean.items() if getattr(offer, name) != value]


def do_change_offer(actor: User, offer: HelpOffer, values: dict, *, expected_version) -> HelpOffer:
    """Change the fields given in ``values`` (the others stay as they are)."""
    _require(actor, offer.organisation_id)
    with transaction.atomic():
        Organisation.objects.select_for_update().filter(pk=offer.organisation_id).first()
        offer = HelpOffer.objects.select_for_update().get(pk=offer.pk)
        check_version(offer, expected_version)
        current = {name: getattr(offer, name) for name in rules.FIELDS}
        clean = _checked({**current, **{k: v for k, v in values.items() if k in rules.FIELDS}})
        if clean["name"].casefold() != offer.name.casefold() and _name_taken(
            offer.organisation_id, clean["name"], exclude=offer.pk
        ):
            raise _duplicate()
        changed = _changes(offer, clean)
        if changed:
            for name, _old, new in changed:
                setattr(offer, name, new)
            offer.version += 1
            offer.save()
            detail = "; ".join(f"{name}: {old!r} -> {new!r}" for name, old, new in changed)
            log.record(actor, Event.CHANGE, CHANGE, detail=f"offer={offer.pk} {detail}")
    return offer


def do_set_active(actor: User, offer: HelpOffer, *, active: bool, expected_version) -> HelpOffer:
    """Take the offer out of the catalogue (professionals no longer choose it), or put it back."""
    _require(actor, offer.organisation_id)
    with transaction.atomic():
        offer = HelpOffer.objects.select_for_update().get(pk=offer.pk)
        check_version(offer, expected_version)
        if offer.active != active:
            offer.active = active
            offer.version += 1
            offer.save(update_fields=["active", "version", "changed_at"])
            log.record(actor, Event.CHANGE, CHANGE, detail=f"offer={offer.pk} active={active}")
    return offer


@dataclass
class ImportResult:
    csv: rules.CsvFile
    created: list[HelpOffer] = field(default_factory=list)
    updated: list[HelpOffer] = field(default_factory=list)
    unchanged: int = 0
    imported: bool = False  # False: nothing was written (broken rows and no choice for the valid ones)

    @property
    def skipped(self) -> int:
        return len(self.csv.broken)


def preview(organisation_id: int, text: str) -> tuple[rules.CsvFile, set[str]]:
    """The checked rows, and the names (casefolded) that are in the catalogue already: those rows update."""
    csv_file = rules.read_csv(text)
    names = {row.values.get("name", "").casefold() for row in csv_file.good}
    existing = {
        name.casefold()
        for name in HelpOffer.objects.filter(organisation_id=organisation_id).values_list("name", flat=True)
    }
    return csv_file, names & existing


def do_import(
    actor: User | None,
    organisation: Organisation,
    text: str,
    *,
    valid_rows_only: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Import offers from CSV text: new names are added, existing names (without case) updated with a new version.

    Nothing is written when the file has a problem, or any row is broken and ``valid_rows_only`` is not chosen.
    """
    _require(actor, organisation.pk)
    result = ImportResult(csv=rules.read_csv(text))
    if result.csv.problems or (result.csv.broken and not valid_rows_only) or not result.csv.good:
        return result
    good = result.csv.good
    with transaction.atomic():
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        existing = {
            o.name.casefold(): o for o in HelpOffer.objects.select_for_update().filter(organisation=organisation)
        }
        for done, row in enumerate(good, start=1):
            offer = existing.get(row.values["name"].casefold())
            if offer is None:
                offer = HelpOffer.objects.create(organisation=organisation, **row.values)
                result.created.append(offer)
            else:
                changed = _changes(offer, row.values)
                if changed or not offer.active:
                    for name, _old, new in changed:
                        setattr(offer, name, new)
                    offer.active = True
                    offer.version += 1
                    offer.save()
                    result.updated.append(offer)
                else:
                    result.unchanged += 1
            if progress:
                progress(done, len(good))
        result.imported = True
        detail = (
            f"added={len(result.created)} updated={len(result.updated)} unchanged={result.unchanged} "
            f"skipped={result.skipped} rows_skipped={','.join(str(r.number) for r in result.csv.broken)[:300]}"
        )
        event = Event.CREATE if result.created else Event.CHANGE
        if actor is None:
            log.record(None, event, IMPORT, detail=f"command line organisation={organisation.pk} {detail}")
        else:
            log.record(actor, event, IMPORT, detail=detail)
    return result
