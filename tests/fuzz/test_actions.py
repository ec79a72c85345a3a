"""Every action (cases.actions.do_*), called by every persona with generated arguments of the right types:
it either succeeds or refuses with ValidationError / PermissionDenied, never another exception, and a refusal
writes nothing (no rows, no version bump, no change record in the access log).

Text stays within the model's lengths and holds no NUL: forms and serializers shape input before an action
sees it (tests/fuzz/test_forms.py and the schemathesis run cover that part)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import given
from hypothesis import strategies as st

from samenplan.cases import actions
from samenplan.cases.models import Case, DossierEntry, EntryKind, Member, MemberRole, Phase, RegisteredBy, Voice
from tests.conftest import PERSONAS
from tests.fuzz.strategies import EXAMPLES, FUZZ, INVISIBLE, snapshot


def text(max_size: int) -> st.SearchStrategy[str]:
    return st.one_of(
        st.text(st.characters(blacklist_characters="\x00"), max_size=min(max_size, 60)),
        st.text(alphabet=INVISIBLE, max_size=5),
        st.sampled_from(["Jansen", "Ruzie thuis.", ""]),
    )


DATES = st.one_of(
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
    st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 1, 1)),
)
MAYBE_BOOL = st.sampled_from([None, True, False])
VERSIONS = st.one_of(st.none(), st.integers(min_value=-1, max_value=6), st.just(2**63))


def member_fields() -> st.SearchStrategy[dict]:
    return st.fixed_dictionaries(
        {},
        optional={
            "given_name": text(100),
            "family_name": text(150),
            "role": st.sampled_from(MemberRole.values),
            "date_of_birth": st.one_of(st.none(), DATES),
            "has_custody": MAYBE_BOOL,
            "lives_at_home": MAYBE_BOOL,
        },
    )


def calls(world) -> dict:
    """action name → strategy of (action, args, kwargs)."""
    users = st.sampled_from([world.persona(p) for p in PERSONAS])
    cases = st.sampled_from([world.case, world.outsider_case])
    members = st.sampled_from(list(Member.objects.filter(family__in=[world.case.family, world.outsider_case.family])))
    teams = st.sampled_from([world.north, world.south, world.hill])
    if not DossierEntry.objects.filter(case=world.case, kind=EntryKind.NOTE).exists():
        actions.do_add_note(world.caseworker, world.case, text="Moeder belde.", voice=Voice.PROFESSIONAL)
    entries = st.sampled_from(
        list(DossierEntry.objects.filter(case__in=[world.case, world.outsider_case]).order_by("kind", "pk"))
    )
    return {
        "do_register_family": st.tuples(
            st.just(actions.do_register_family),
            st.tuples(users),
            st.fixed_dictionaries(
                {
                    "team": teams,
                    "family_name": text(200),
                    "registered_by": st.one_of(st.sampled_from(RegisteredBy.values), text(20)),
                    "reason": text(5000),
                    "caseworker": users,
                },
                optional={
                    "referrer": text(200),
                    "help_already": text(5000),
                    "coworkers": st.lists(users, max_size=4),
                    "child_protection_measure": st.booleans(),
                    "opened_on": st.one_of(st.none(), DATES),
                    "members": st.lists(member_fields(), max_size=3),
                },
            ),
        ),
        "do_change_workers": st.tuples(
            st.just(actions.do_change_workers),
            st.tuples(users, cases),
            st.fixed_dictionaries(
                {"caseworker": users, "expected_version": VERSIONS},
                optional={"coworkers": st.lists(users, max_size=4), "note": text(5000)},
            ),
        ),
        "do_add_member": st.tuples(
            st.just(actions.do_add_member),
            st.tuples(users, st.sampled_from([world.case.family, world.outsider_case.family])),
            member_fields(),
        ),
        "do_change_member": st.tuples(
            st.just(actions.do_change_member),
            st.tuples(users, members),
            st.tuples(member_fields(), VERSIONS).map(lambda fv: {**fv[0], "expected_version": fv[1]}),
        ),
        "do_add_note": st.tuples(
            st.just(actions.do_add_note),
            st.tuples(users, cases),
            st.fixed_dictionaries(
                {"text": text(10000), "voice": st.one_of(st.sampled_from(Voice.values), text(20))},
                optional={"speaker": st.one_of(st.none(), members), "shared": st.booleans()},
            ),
        ),
        "do_share_entry": st.tuples(
            st.just(actions.do_share_entry),
            st.tuples(users, entries),
            st.fixed_dictionaries({"shared": st.booleans()}),
        ),
        "do_move_phase": st.tuples(
            st.just(actions.do_move_phase),
            st.tuples(users, cases),
            st.fixed_dictionaries(
                {"target": st.one_of(st.sampled_from(Phase.values), text(20)), "expected_version": VERSIONS},
                optional={"note": text(5000)},
            ),
        ),
    }


ACTIONS = [name for name in dir(actions) if name.startswith("do_")]


def test_it_fuzzes_every_action():
    assert sorted(ACTIONS) == sorted(
        [
            "do_register_family",
            "do_change_workers",
            "do_add_member",
            "do_change_member",
            "do_add_note",
            "do_move_phase",
            "do_share_entry",
        ]
    ), "a new action: add it to calls() above"


@pytest.mark.parametrize("name", ACTIONS)
def test_it_succeeds_or_refuses_cleanly_on_generated_arguments(world, name):
    strategies = calls(world)
    if name not in strategies:
        pytest.fail(f"a new action: add {name} to calls() in tests/fuzz/test_actions.py")

    @FUZZ
    @given(call=strategies[name])
    def run(call):
        action, args, kwargs = call
        EXAMPLES[f"action {name}"] += 1
        # Each example starts from the records as they are now (an earlier example may have changed them).
        args = tuple(type(a).objects.get(pk=a.pk) if isinstance(a, (Case, Member, DossierEntry)) else a for a in args)
        before = snapshot()
        try:
            action(*args, **kwargs)
        except (ValidationError, PermissionDenied):
            assert snapshot() == before, (name, kwargs)

    run()
