"""Demo goals: for every open demo case with a route, the goals step as a family and its caseworker would fill it in.

Everyone's agreement on the question (the youth only partly), two goals in the family's own words, scale scores by
a parent and the caseworker every few weeks since the route was decided (so the charts have several points and two
lines), the miracle question, the Drieluik and, where the clarification found safety concerns, Signs of Safety.
Made through the actions and dated in the past with ``clock.as_of``, so the timeline and access log are real.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from samenplan import clock
from samenplan.cases.models import Case, MemberRole
from samenplan.goals import actions, rules

# Per family a pair of goals: (whose, words, professional's wording, term). {child} is the youth's given name.
GOAL_SETS = (
    (
        ("family", "'s Ochtends zonder ruzie de deur uit, met z'n allen op tijd.", "", "short"),
        ("child", "{child} gaat weer elke dag naar school, ook als het moeilijk is.", "Schoolverzuim naar nul", "long"),
    ),
    (
        ("parents", "Wij praten weer rustig met elkaar, ook als we het oneens zijn.", "", "short"),
        ("child", "{child} weet waar hij of zij terecht kan als het thuis te veel wordt.", "", "long"),
    ),
    (
        ("family", "Elke avond samen eten zonder geschreeuw.", "Rustige gezinsmomenten", "short"),
        ("parents", "We maken samen afspraken over {child} en houden ons eraan.", "", "long"),
    ),
)

CHILD_PARTLY = "Het ligt niet alleen aan mij, school is ook gewoon saai."
CHILD_NO = "Ik vind niet dat er een probleem is, jullie maken het groot."

MIRACLE = {
    "parent": "Dan zitten we 's ochtends samen aan tafel en zegt {child} uit zichzelf 'doei, tot vanmiddag'.",
    "child": "Dan hoeft niemand te schreeuwen en mag ik zelf kiezen wanneer ik mijn huiswerk doe.",
}

ONE_POINT_HIGHER = (
    "Dat we één ochtend in de week zonder ruzie beginnen.",
    "Dat {child} zelf opstaat als de wekker gaat.",
    "Dat we na een ruzie dezelfde dag nog even praten.",
    "Dat ik niet meer hoef te mopperen over de telefoon.",
)


def _moment(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 30)))


def add_demo_goals(organisation_id: int) -> int:
    """The goals step for the open demo cases of one organisation that decided a route (the demo caseworker's:
    another organisation's families are left alone). Returns how many cases got goals."""
    today = timezone.localdate()
    cases = (
        Case.objects.filter(
            closed_on__isnull=True, route_decisions__current=True, family__organisation_id=organisation_id
        )
        .select_related("family", "caseworker")
        .distinct()
        .order_by("pk")
    )
    made = 0
    for index, case in enumerate(cases):
        decision = case.route_decisions.filter(current=True).order_by("-recorded_at").first()
        start = max(timezone.localdate(decision.recorded_at) + timedelta(days=3), case.opened_on)
        if start >= today:
            continue
        _play(case, GOAL_SETS[index % len(GOAL_SETS)], start, today, index)
        made += 1
    return made


def _play(case: Case, goal_set, start: date, today: date, index: int) -> None:
    worker = case.caseworker
    members = list(case.family.members.order_by("pk"))
    parents = [m for m in members if m.role != MemberRole.CHILD]
    child = next(m for m in members if m.role == MemberRole.CHILD)
    parent = parents[0]
    name = {"child": child.given_name}

    with clock.as_of(_moment(start, 10)):
        answers = [{"member": p, "agreement": "yes"} for p in parents]
        if index % 2 == 0:
            answers.append({"member": child, "agreement": "partly", "words": CHILD_PARTLY})
        else:
            answers.append({"member": child, "agreement": "no", "words": CHILD_NO})
        actions.do_record_agreements(worker, case, answers=answers)
        goals = []
        aims = list(actions.goal_factor_choices(case)[:1])  # with a coherent picture: the first goal aims at a factor
        for whose, words, professional_words, term in goal_set:
            owner = {"whose": "member", "member": child} if whose == "child" else {"whose": whose}
            goals.append(
                actions.do_add_goal(
                    worker,
                    case,
                    words=words.format(**name),
                    professional_words=professional_words,
                    term=term,
                    target_date=start + timedelta(days=90 if term == "short" else 180),
                    factors=[] if goals else aims,
                    **owner,
                )
            )
        actions.do_record_miracle_answers(
            worker,
            case,
            answers=[
                {"member": parent, "words": MIRACLE["parent"].format(**name)},
                {"member": child, "words": MIRACLE["child"]},
            ],
        )
        actions.do_save_drieluik(
            worker,
            case,
            nothing_changes=f"Over zes maanden zit {child.given_name} thuis en is er elke dag ruzie.",
            wished="Rust in huis, iedereen op tijd op school en werk, en weer samen lachen.",
            what_we_do="Een ochtendplan op de koelkast; oma helpt op woensdag; elke maand kijken we hoe het gaat.",
        )
        if rules.shows_signs_of_safety(actions.latest_safety(case)):
            actions.do_save_signs_of_safety(
                worker,
                case,
                worries="Harde ruzies waar de kinderen bij zijn; één keer is er geslagen.",
                goes_well="Moeder belt zelf als het misgaat; oma vangt de kinderen op.",
                must_happen="Geen geweld meer in huis; bij ruzie gaan de kinderen naar oma.",
                safety_score=4,
            )

    # Scores every four weeks since the start: the parent a little lower than the caseworker at first.
    day, step = start, 0
    while day <= today:
        with clock.as_of(_moment(day, 15)):
            for number, goal in enumerate(goals):
                base = 2 + number + step
                actions.do_add_score(
                    worker,
                    goal,
                    member=parent,
                    score=min(10, base + (step % 2)),
                    desired=8,
                    scored_on=day,
                    one_point_higher=ONE_POINT_HIGHER[(step + number) % len(ONE_POINT_HIGHER)].format(**name),
                )
                actions.do_add_score(worker, goal, professional=worker, score=min(10, base + 1), scored_on=day)
        step += 1
        day += timedelta(days=28)
