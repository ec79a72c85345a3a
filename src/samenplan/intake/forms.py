"""Web forms for the intake steps: they parse the shape and build the actions' input; the actions check the rules.

Each form knows how an action's error field (``steps[3].notes``, ``participants[1].problems[0].burden``) maps to
one of its own fields, so every error lands next to the field it is about.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenplan.accounts.models import User, professionals_of
from samenplan.cases.forms import DateInput
from samenplan.cases.models import Member
from samenplan.forms import ModelChoiceField, ModelMultipleChoiceField, UtrechtFormMixin, style_widgets
from samenplan.intake.guide import GUIDE
from samenplan.intake.models import Agreement, Place, Route, Safety, SeverityLevel

CONTRIBUTIONS_PER_STEP = 2
PROBLEMS_PER_PARTICIPANT = 3


class ConversationForm(UtrechtFormMixin, forms.Form):
    """One screen per conversation: who, where, and per step notes, a skip, and the family's own words."""

    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    place = forms.ChoiceField(label=_("Place"), choices=Place.choices, widget=forms.RadioSelect)
    members = ModelMultipleChoiceField(
        label=_("Family members present"),
        queryset=Member.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        max_count=50,
        too_many_message=_("Choose at most %(maximum)d family members."),
    )
    professionals = ModelMultipleChoiceField(
        label=_("Colleagues present"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("You are recorded as present yourself."),
        max_count=20,
        too_many_message=_("Choose at most %(maximum)d colleagues."),
    )
    evaluation = forms.CharField(
        label=_("How did the conversation go, for the family?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional. In their own words."),
    )
    open_questions = forms.CharField(
        label=_("Open questions"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    interpreter_language = forms.CharField(
        label=_("An interpreter took part, for the language"),
        required=False,
        max_length=100,
        help_text=_("For example Arabic or Tigrinya. Leave empty when no interpreter took part."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, case, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        members = case.family.members.all()
        self.fields["members"].queryset = members
        self.fields["professionals"].queryset = professionals_of([case.team]).exclude(pk=user.pk)
        for g in GUIDE:
            n = g.step
            self.fields[f"step{n}-notes"] = forms.CharField(
                label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.fields[f"step{n}-skipped"] = forms.BooleanField(label=_("Skipped this step"), required=False)
            self.fields[f"step{n}-skip_reason"] = forms.CharField(
                label=_("Why skipped"), required=False, max_length=500
            )
            for k in range(CONTRIBUTIONS_PER_STEP):
                self.fields[f"step{n}-c{k}-speaker"] = ModelChoiceField(
                    label=_("Said by"), queryset=members, required=False, empty_label=_("Who said it?")
                )
                self.fields[f"step{n}-c{k}-text"] = forms.CharField(
                    label=_("In their own words"), required=False, widget=forms.Textarea(attrs={"rows": 2})
                )
        style_widgets(self.fields.values())
        self.contribution_fields: list[str] = []

    def steps(self):
        """Per guide step: the guide and its bound fields, for the template."""
        return [
            {
                "guide": g,
                "notes": self[f"step{g.step}-notes"],
                "skipped": self[f"step{g.step}-skipped"],
                "skip_reason": self[f"step{g.step}-skip_reason"],
                "contributions": [
                    (self[f"step{g.step}-c{k}-speaker"], self[f"step{g.step}-c{k}-text"])
                    for k in range(CONTRIBUTIONS_PER_STEP)
                ],
            }
            for g in GUIDE
        ]

    def clean(self):
        data = super().clean()
        for g in GUIDE:
            for k in range(CONTRIBUTIONS_PER_STEP):
                speaker, text = data.get(f"step{g.step}-c{k}-speaker"), data.get(f"step{g.step}-c{k}-text")
                if text and not speaker:
                    self.add_error(f"step{g.step}-c{k}-speaker", _("Say who said this."))
                if speaker and not text:
                    self.add_error(f"step{g.step}-c{k}-text", _("Write down what was said."))
        return data

    def to_action(self) -> dict:
        data = self.cleaned_data
        steps, contributions = {}, []
        self.contribution_fields = []
        for g in GUIDE:
            n = g.step
            steps[n] = {
                "notes": data[f"step{n}-notes"],
                "skipped": data[f"step{n}-skipped"],
                "skip_reason": data[f"step{n}-skip_reason"],
            }
            for k in range(CONTRIBUTIONS_PER_STEP):
                if data.get(f"step{n}-c{k}-text"):
                    contributions.append(
                        {"step": n, "speaker": data[f"step{n}-c{k}-speaker"], "text": data[f"step{n}-c{k}-text"]}
                    )
                    self.contribution_fields.append(f"step{n}-c{k}")
        return {
            "held_on": data["held_on"],
            "place": data["place"],
            "members": list(data["members"]),
            "professionals": list(data["professionals"]),
            "steps": steps,
            "contributions": contributions,
            "evaluation": data["evaluation"],
            "open_questions": data["open_questions"],
            "interpreter_language": data["interpreter_language"],
            "expected_version": data.get("version"),
        }

    def field_for(self, error_field: str) -> str | None:
        if error_field.startswith("steps["):
            number, _dot, rest = error_field[len("steps[") :].partition("].")
            return f"step{number}-{rest}"
        if error_field.startswith("contributions["):
            index, _dot, rest = error_field[len("contributions[") :].partition("].")
            part = {"speaker": "speaker", "text": "text", "step": "text"}[rest]
            return f"{self.contribution_fields[int(index)]}-{part}"
        return error_field


class ClarificationForm(UtrechtFormMixin, forms.Form):
    """Per participant their question and problems, each with a burden; then the professional's view."""

    nature = forms.CharField(
        label=_("Nature of the problems"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Your view as professional, in plain words."),
    )
    severity = ModelChoiceField(
        label=_("Severity"), queryset=SeverityLevel.objects.none(), required=False, widget=forms.RadioSelect
    )
    family_view = forms.CharField(
        label=_("How do the child and the parents see it?"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "The nature and severity as the family sees them, in their own words. Do they recognise your view?"
        ),
    )
    safety = forms.ChoiceField(label=_("Is the child safe at home?"), choices=Safety.choices, widget=forms.RadioSelect)
    safety_explanation = forms.CharField(
        label=_("Explanation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when there are concerns or the child is not safe."),
    )
    safety_assessed_by = forms.CharField(
        label=_("Assessed by"),
        max_length=200,
        help_text=_("Who judged the safety, e.g. with the behavioural scientist."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, case, levels, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(members)
        self.fields["severity"].queryset = levels
        self.fields["severity"].empty_label = None
        for m in self.members:
            p = f"m{m.pk}"
            self.fields[f"{p}-help_question"] = forms.CharField(
                label=_("Help question, in their own words"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            for k in range(PROBLEMS_PER_PARTICIPANT):
                self.fields[f"{p}-p{k}-description"] = forms.CharField(
                    label=_("Problem %(n)s, in their own words") % {"n": k + 1}, required=False, max_length=2000
                )
                self.fields[f"{p}-p{k}-burden"] = forms.IntegerField(
                    label=_("Burden (1 to 10)"),
                    required=False,
                    widget=forms.NumberInput(attrs={"min": 1, "max": 10, "inputmode": "numeric"}),
                )
            self.fields[f"{p}-goes_well"] = forms.CharField(
                label=_("What goes well"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.fields[f"{p}-exceptions"] = forms.CharField(
                label=_("Exceptions: when is the problem not there, or less?"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        style_widgets(self.fields.values())
        self.included: list[Member] = []

    def participants(self):
        return [
            {
                "member": m,
                "help_question": self[f"m{m.pk}-help_question"],
                "problems": [
                    (self[f"m{m.pk}-p{k}-description"], self[f"m{m.pk}-p{k}-burden"])
                    for k in range(PROBLEMS_PER_PARTICIPANT)
                ],
                "goes_well": self[f"m{m.pk}-goes_well"],
                "exceptions": self[f"m{m.pk}-exceptions"],
            }
            for m in self.members
        ]

    def clean(self):
        data = super().clean()
        for m in self.members:
            for k in range(PROBLEMS_PER_PARTICIPANT):
                description, burden = data.get(f"m{m.pk}-p{k}-description"), data.get(f"m{m.pk}-p{k}-burden")
                if description and burden is None:
                    self.add_error(f"m{m.pk}-p{k}-burden", _("How heavy does it weigh, from 1 to 10?"))
                if burden is not None and not description:
                    self.add_error(f"m{m.pk}-p{k}-description", _("Write down the problem in their words."))
        return data

    def to_action(self) -> dict:
        data = self.cleaned_data
        participants = []
        self.included = []
        for m in self.members:
            p = f"m{m.pk}"
            problems = [
                {"description": data[f"{p}-p{k}-description"], "burden": data[f"{p}-p{k}-burden"]}
                for k in range(PROBLEMS_PER_PARTICIPANT)
                if data.get(f"{p}-p{k}-description")
            ]
            if not (data[f"{p}-help_question"] or problems or data[f"{p}-goes_well"] or data[f"{p}-exceptions"]):
                continue  # this member did not take part (or said nothing to record)
            participants.append(
                {
                    "member": m,
                    "help_question": data[f"{p}-help_question"],
                    "problems": problems,
                    "goes_well": data[f"{p}-goes_well"],
                    "exceptions": data[f"{p}-exceptions"],
                }
            )
            self.included.append(m)
        assessment = {
            "nature": data["nature"],
            "severity": data["severity"],
            "family_view": data["family_view"],
            "safety": data["safety"],
            "safety_explanation": data["safety_explanation"],
            "safety_assessed_by": data["safety_assessed_by"],
        }
        return {"participants": participants, "assessment": assessment, "expected_version": data.get("version")}

    def field_for(self, error_field: str) -> str | None:
        if error_field.startswith("assessment."):
            return error_field[len("assessment.") :]
        if error_field.startswith("participants["):
            index, _dot, rest = error_field[len("participants[") :].partition("].")
            member = self.included[int(index)]
            if rest.startswith("problems["):
                k, _dot, part = rest[len("problems[") :].partition("].")
                return f"m{member.pk}-p{k}-{part}"
            return f"m{member.pk}-{rest}" if rest != "member" else None
        return error_field


class RouteForm(UtrechtFormMixin, forms.Form):
    route = forms.ChoiceField(label=_("Route"), choices=Route.choices, widget=forms.RadioSelect)
    rationale = forms.CharField(
        label=_("Why this route"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you decided together, and why."),
    )
    light_help = forms.CharField(
        label=_("Information, advice or light help given"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("On the light route: what was given, and who in the network helps."),
    )
    other_route_reason = forms.CharField(
        label=_("Why not the acute route"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the child was judged not safe and you choose another route."),
    )
    analysis_skip_reason = forms.CharField(
        label=_("Why the analysis is skipped"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only under a child-protection measure, when enough information is available already."),
    )
    crisis_what = forms.CharField(label=_("What was done"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    crisis_by_whom = forms.CharField(label=_("By whom"), required=False, max_length=200)
    crisis_on = forms.DateField(label=_("When"), required=False, widget=DateInput())
    crisis_placement_referral = forms.BooleanField(
        label=_("Referred to the out-of-home-placement procedure"), required=False
    )
    crisis_placement_referral_note = forms.CharField(
        label=_("Referral: to whom, when"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(members)
        for m in self.members:
            self.fields[f"a{m.pk}-agreement"] = forms.ChoiceField(
                label=_("Agrees?"), choices=Agreement.choices, widget=forms.RadioSelect
            )
            self.fields[f"a{m.pk}-comment"] = forms.CharField(
                label=_("In their own words"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
        style_widgets(self.fields.values())

    def agreements(self):
        return [(m, self[f"a{m.pk}-agreement"], self[f"a{m.pk}-comment"]) for m in self.members]

    def to_action(self) -> dict:
        data = self.cleaned_data
        crisis = None
        if data["route"] == Route.ACUTE:
            crisis = {
                "what": data["crisis_what"],
                "by_whom": data["crisis_by_whom"],
                "on": data["crisis_on"],
                "placement_referral": data["crisis_placement_referral"],
                "placement_referral_note": data["crisis_placement_referral_note"],
            }
        return {
            "route": data["route"],
            "rationale": data["rationale"],
            "light_help": data["light_help"],
            "other_route_reason": data["other_route_reason"],
            "analysis_skip_reason": data["analysis_skip_reason"],
            "crisis": crisis,
            "agreements": [
                {"member": m, "agreement": data[f"a{m.pk}-agreement"], "comment": data[f"a{m.pk}-comment"]}
                for m in self.members
            ],
            "decided_on": timezone.localdate(),
            "expected_version": data.get("version"),
        }

    def field_for(self, error_field: str) -> str | None:
        if error_field.startswith("crisis."):
            return "crisis_" + error_field[len("crisis.") :]
        if error_field.startswith("agreements["):
            index, _dot, rest = error_field[len("agreements[") :].partition("].")
            return f"a{self.members[int(index)].pk}-{rest}"
        return error_field
