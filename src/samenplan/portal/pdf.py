"""The family member's own data as a PDF (WeasyPrint), in the way of the family plan PDF (``plans/pdf.py``): a
Django template (everything escaped), the style sheet a file (``pdf.css``), nothing fetched but the theme's fonts."""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string
from django.utils import formats, timezone

from samenplan.cases.models import Member
from samenplan.plans import pdf as plan_pdf
from samenplan.portal import access, own_data

STYLE = Path(__file__).with_name("pdf.css")


def html(member: Member, data: dict) -> str:
    context = {
        "member": member,
        "family": member.family,
        "voice": access.voice(member),
        "printed": formats.date_format(timezone.localdate(), "j F Y"),
        "sections": own_data.titled(data["records"]),
        "looked": data["looked_at_the_file"],
    }
    return render_to_string("portal/own_data_pdf.html", context)


def render_own_data(member: Member, data: dict) -> bytes:
    return plan_pdf.write(html(member, data), STYLE)
