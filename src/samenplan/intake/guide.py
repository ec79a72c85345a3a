"""The conversation guide: per step of deciding in dialogue (DOMAIN §4) a short text for the professional and
what the parent and the youth can do themselves. Our own plain wording of the guideline (seed 004 §4.2)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from samenplan.intake.models import Step


@dataclass(frozen=True)
class GuideStep:
    step: int
    title: str
    professional: str
    family: str

    @property
    def label(self):
        return Step(self.step).label


GUIDE = (
    GuideStep(
        Step.WELCOME,
        _("Welcome"),
        _(
            "Break the ice, for example with a compliment. Say that you want to work as equals. Explain what this "
            "conversation is for and ask if they agree. Make the agenda together."
        ),
        _("Parents and youth say what they want from this conversation and help decide what is discussed."),
    ),
    GuideStep(
        Step.QUESTIONS,
        _("Questions and problems"),
        _(
            "Explain the steps you will take together, and why you ask what you ask. Ask which problems each of "
            "them experiences. Scale question: how much does it weigh on you, from 1 to 10? What would one point "
            "higher look like? Name what goes well, and ask for exceptions: when is the problem not there or less?"
        ),
        _(
            "They tell what they struggle with and which problems they experience, each in their own words. "
            "They see what goes well, too."
        ),
    ),
    GuideStep(
        Step.MAP,
        _("Map the situation further"),
        _("If needed: look further together, with observation or a questionnaire. Skip this when it is not needed."),
        _("They can fill in a questionnaire or say what they notice at home."),
    ),
    GuideStep(
        Step.DISCUSS,
        _("Discuss the problems"),
        _(
            "Talk about the problems in plain words, without jargon: what is it, how did it start, what keeps it "
            "going, what may happen, what can they expect?"
        ),
        _("They ask when something is not clear."),
    ),
    GuideStep(
        Step.CHECK,
        _("Check the picture"),
        _("Ask whether they recognise the picture you sketched and which questions they have."),
        _("They add what is missing, so the picture becomes sharper."),
    ),
    GuideStep(
        Step.WANT,
        _("What do you want to reach?"),
        _(
            "Help them set goals. The miracle question can help: suppose a miracle happens tonight and the "
            "problems are gone; what is the first thing you notice tomorrow morning?"
        ),
        _("They answer as concretely as they can: what they will do, in their own words."),
    ),
    GuideStep(
        Step.OPTIONS,
        _("Options"),
        _("Tell in plain words which help could fit, with the pros, the cons and what it may bring."),
        _("They bring their own ideas for help."),
    ),
    GuideStep(
        Step.PREFERENCE,
        _("What do they think?"),
        _(
            "Ask how they see each option and what they prefer. Be open to their wishes; do not take over their "
            "responsibility, help them decide."
        ),
        _("They give their opinion, bring their own solutions, and say what did not work before."),
    ),
    GuideStep(
        Step.DECIDE,
        _("Decide together"),
        _(
            "Summarise (or let them summarise) what was said and the arguments. Ask for their conclusion and write "
            "it down in concrete, clear words. At the end you can look back on the conversation together."
        ),
        _(
            "They summarise and give their conclusion, comment on your summary, and help evaluate the "
            "conversation: how did it go, which questions are still open?"
        ),
    ),
)
