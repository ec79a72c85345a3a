"""The catalogue of help: its list and offers for everyone who works in the organisation; adding, changing, taking
out and importing for its administrator. Thin: parse, access, act, render.

The catalogue holds no client data; the pages still write a read record (``catalogue.*``), as the
administration's pages do, so the access log shows who looked at and changed it.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from samenplan.audit import log
from samenplan.catalogue import access, actions, rules
from samenplan.catalogue.forms import ActiveForm, FilterForm, ImportForm, OfferForm
from samenplan.errors import StaleVersion
from samenplan.forms import apply_errors, form_outcome

GET_POST = require_http_methods(["GET", "POST"])
GET_HEAD = require_http_methods(["GET", "HEAD"])


def _reader(request) -> None:
    if not access.reads_catalogue(request.user):
        raise Http404


@login_required
@GET_HEAD
def offer_list(request: HttpRequest) -> HttpResponse:
    _reader(request)
    administrator = access.administers_catalogue(request.user)
    form = FilterForm(request.GET or None, administrator=administrator)
    withdrawn = form.is_valid() and form.cleaned_data.get("withdrawn", False)
    offers = access.catalogue_for_user(request.user, include_withdrawn=withdrawn, **form.filters())
    context = {"form": form, "offers": offers, "is_administrator": administrator}
    detail = " ".join(f"{k}={v}" for k, v in form.filters().items() if v not in ("", None))[:200]  # checked input
    return log.render_read(request, "catalogue/list.html", context, action="catalogue.list", detail=detail)


@login_required
@GET_HEAD
def offer_detail(request: HttpRequest, offer_id: int) -> HttpResponse:
    offer = access.get_offer_for_user(request.user, offer_id)
    context = {"offer": offer, "is_administrator": access.administers_catalogue(request.user)}
    return log.render_read(
        request, "catalogue/detail.html", context, action="catalogue.offer", detail=f"offer={offer.pk}"
    )


@login_required
@GET_POST
def add_offer(request: HttpRequest) -> HttpResponse:
    access.require_catalogue_administrator(request.user)
    form = OfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            offer = actions.do_add_offer(request.user, form.values())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(name)s is in the catalogue.") % {"name": offer.name})
            return redirect("catalogue:detail", offer_id=offer.pk)
    return log.render_read(request, "catalogue/form.html", {"form": form}, action="catalogue.add", **form_outcome(form))


@login_required
@GET_POST
def edit_offer(request: HttpRequest, offer_id: int) -> HttpResponse:
    offer = access.get_offer_for_user(request.user, offer_id, edit=True)
    initial = {**{name: getattr(offer, name) for name in rules.FIELDS}, "version": offer.version}
    current = None
    form = OfferForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_change_offer(request.user, offer, form.values(), expected_version=form.cleaned_data["version"])
        except StaleVersion as error:
            # Nothing lost: their text stays in the form, the other change is shown beside it; saving again
            # now knowingly replaces it.
            form.add_error(None, error)
            form.data = form.data.copy()
            offer.refresh_from_db()
            form.data["version"] = offer.version
            current = offer
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The changes to %(name)s are saved.") % {"name": form.cleaned_data["name"]})
            return redirect("catalogue:detail", offer_id=offer.pk)
    context = {"form": form, "offer": offer, "current": current}
    outcome = form_outcome(form)
    outcome["detail"] = f"offer={offer.pk} {outcome.get('detail', '')}".strip()
    return log.render_read(request, "catalogue/form.html", context, action="catalogue.edit", **outcome)


@login_required
@require_POST
def set_active(request: HttpRequest, offer_id: int) -> HttpResponse:
    offer = access.get_offer_for_user(request.user, offer_id, edit=True)
    form = ActiveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Reload the page, then try again."))
        return redirect("catalogue:detail", offer_id=offer.pk)
    active = form.cleaned_data["active"]
    try:
        actions.do_set_active(request.user, offer, active=active, expected_version=form.cleaned_data["version"])
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if active:
            messages.success(request, _("%(name)s is back in the catalogue.") % {"name": offer.name})
        else:
            messages.success(request, _("%(name)s is taken out of the catalogue.") % {"name": offer.name})
    return redirect("catalogue:detail", offer_id=offer.pk)


@login_required
@GET_POST
def import_offers(request: HttpRequest) -> HttpResponse:
    """Step 1: upload a file and see every row checked. Step 2: import (all rows, or only the valid ones)."""
    access.require_catalogue_administrator(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    context: dict = {"form": form, "columns": rules.COLUMN_NAMES, "max_rows": rules.MAX_IMPORT_ROWS,
                     "max_kb": rules.MAX_IMPORT_BYTES // 1024}  # fmt: skip
    if request.method == "POST" and form.is_valid():
        text, problem = form.text()
        if problem:
            form.add_error("file", problem)
        elif form.cleaned_data["confirm"]:
            organisation = request.user.organisation
            result = actions.do_import(request.user, organisation, text,
                                       valid_rows_only=form.cleaned_data["valid_rows_only"])  # fmt: skip
            if result.imported:
                messages.success(request, _("Imported: %(added)d added, %(updated)d changed, %(skipped)d rows skipped.")
                                 % {"added": len(result.created), "updated": len(result.updated),
                                    "skipped": result.skipped})  # fmt: skip
                return redirect("catalogue:list")
            context.update(_preview_context(request, text))
            context["not_imported"] = True
        else:
            context.update(_preview_context(request, text))
    status = 422 if form.errors or context.get("not_imported") else 200
    return log.render_read(request, "catalogue/import.html", context, action="catalogue.import_preview",
                           detail="form with errors" if status == 422 else "", status=status)  # fmt: skip


def _preview_context(request, text: str) -> dict:
    csv_file, updates = actions.preview(request.user.organisation_id, text)
    rows = [
        {"number": row.number, "name": row.values.get("name", ""),
         "update": not row.errors and row.values["name"].casefold() in updates,
         "errors": [(rules.FIELD_LABELS.get(field, field), m) for field, ms in row.errors.items() for m in ms]}
        for row in csv_file.rows
    ]  # fmt: skip
    confirm = ImportForm(initial={"csv_text": text, "confirm": True})
    return {"csv": csv_file, "rows": rows, "broken": len(csv_file.broken), "good": len(csv_file.good),
            "confirm_form": confirm, "csv_text": text}  # fmt: skip
