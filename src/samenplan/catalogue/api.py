"""The JSON API of the catalogue of help: read by everyone who works in the organisation, changed and imported
by its administrator. Thin: access, parse, act, serialize; reads are logged here."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from samenplan.api.errors import django_validation_to_drf, error_responses
from samenplan.audit import log
from samenplan.audit.models import Event
from samenplan.catalogue import access, actions, rules
from samenplan.catalogue.serializers import (
    CatalogueFilterSerializer,
    HelpOfferChangeSerializer,
    HelpOfferInputSerializer,
    HelpOfferSerializer,
    ImportInputSerializer,
    ImportResultSerializer,
)


def _act(function, *args, **kwargs):
    try:
        return function(*args, **kwargs)
    except ValidationError as error:
        raise django_validation_to_drf(error) from error


def _reader(user) -> None:
    if not access.reads_catalogue(user):
        raise Http404


class CatalogueList(GenericAPIView):
    @extend_schema(
        summary=_("The catalogue of help of my organisation, lightest help first"),
        parameters=[CatalogueFilterSerializer],
        responses={200: HelpOfferSerializer(many=True), **error_responses(400, 404)},
    )
    def get(self, request: Request) -> Response:
        _reader(request.user)
        filters = CatalogueFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        offers = access.catalogue_for_user(
            request.user, include_withdrawn=data["withdrawn"], age=data.get("age"), text=data.get("q", ""),
            intensity=data.get("intensity", ""), evidence_level=data.get("evidence_level", ""),
        )  # fmt: skip
        page = self.paginate_queryset(offers)
        detail = " ".join(f"{k}={v}" for k, v in data.items() if v not in (None, "", False))[:200]
        log.record(request.user, Event.READ, "api.catalogue.list", detail=detail)
        return self.get_paginated_response(HelpOfferSerializer(page, many=True).data)

    @extend_schema(
        summary=_("Add help to the catalogue (administrators)"),
        request=HelpOfferInputSerializer,
        responses={201: HelpOfferSerializer, **error_responses(400, 404)},
    )
    def post(self, request: Request) -> Response:
        _reader(request.user)
        access.require_catalogue_administrator(request.user)
        serializer = HelpOfferInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        offer = _act(actions.do_add_offer, request.user, dict(serializer.validated_data))
        return Response(HelpOfferSerializer(offer).data, status=status.HTTP_201_CREATED)


class CatalogueDetail(GenericAPIView):
    @extend_schema(summary=_("Help in the catalogue"), responses={200: HelpOfferSerializer, **error_responses(404)})
    def get(self, request: Request, offer_id: int) -> Response:
        offer = access.get_offer_for_user(request.user, offer_id)
        log.record(request.user, Event.READ, "api.catalogue.offer", detail=f"offer={offer.pk}")
        return Response(HelpOfferSerializer(offer).data)

    @extend_schema(
        summary=_("Change help in the catalogue, or take it out (administrators)"),
        description=_("Only the fields sent change. `version` is required: a stale one gives 409 and saves nothing."),
        request=HelpOfferChangeSerializer,
        responses={200: HelpOfferSerializer, **error_responses(400, 404, 409)},
    )
    def patch(self, request: Request, offer_id: int) -> Response:
        offer = access.get_offer_for_user(request.user, offer_id, edit=True)
        serializer = HelpOfferChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        version, active = data.pop("version"), data.pop("active", None)
        if data:
            offer = _act(actions.do_change_offer, request.user, offer, data, expected_version=version)
            version = offer.version
        if active is not None:
            offer = _act(actions.do_set_active, request.user, offer, active=active, expected_version=version)
        return Response(HelpOfferSerializer(offer).data)


def _row_errors(csv_file: rules.CsvFile) -> list[dict]:
    errors = [{"field": "csv", "row": None, "column": None, "code": "invalid_file", "message": problem}
              for problem in csv_file.problems]  # fmt: skip
    for row in csv_file.broken:
        for column, messages in row.errors.items():
            column = None if column == "__all__" else column
            for message in messages:
                field = f"rows[{row.number}]" + (f".{column}" if column else "")
                errors.append({"field": field, "row": row.number, "column": column, "code": "invalid",
                               "message": str(message)})  # fmt: skip
    return errors


class CatalogueImport(GenericAPIView):
    @extend_schema(
        summary=_("Import help from CSV text (administrators)"),
        description=_(
            "The CSV as on the import page (docs/catalogue.md). Every broken row is reported as an error with field "
            "`rows[N].column`, and `row` and `column` apart (the first line is row 1). When any row is broken "
            "nothing is imported (400), unless "
            "`valid_rows_only` is true: then the good rows are imported and the broken ones reported as skipped. "
            "Help whose name is in the catalogue already is changed (a new version), not added twice."
        ),
        request=ImportInputSerializer,
        responses={200: ImportResultSerializer, **error_responses(400, 404)},
    )
    def post(self, request: Request) -> Response:
        _reader(request.user)
        access.require_catalogue_administrator(request.user)
        serializer = ImportInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        result = actions.do_import(
            request.user, request.user.organisation, data["csv"], valid_rows_only=data["valid_rows_only"]
        )
        body = {
            "imported": result.imported, "added": len(result.created), "updated": len(result.updated),
            "unchanged": result.unchanged, "skipped": result.skipped if result.imported else 0,
            "errors": _row_errors(result.csv),
        }  # fmt: skip
        if not result.imported:  # the usual error shape; each row's error also names its row and column
            return Response({"errors": body["errors"]}, status=status.HTTP_400_BAD_REQUEST)
        return Response(ImportResultSerializer(body).data)
