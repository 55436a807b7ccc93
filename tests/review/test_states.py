"""The review's states and moves, as one pure function: every (state, action, role) pair is decided here."""

from __future__ import annotations

import itertools

import pytest

from procurement.review import (
    AAN_TE_PASSEN,
    ACTIONS,
    APPROVE,
    CONCEPT,
    GOEDGEKEURD,
    NEW_VERSION,
    REOPEN,
    SEND_BACK,
    STATES,
    SUBMIT,
    TER_CONTROLE,
    IllegalMove,
    findings_open,
    next_state,
    possible,
)
from procurement.roles import AANKOOPDIENST, AANKOPER, BEHEERDER, DUURZAAMHEID, ROLES

# The specification, written out again: every move not listed here is refused.
ALLOWED = {
    (CONCEPT, SUBMIT): TER_CONTROLE,
    (CONCEPT, NEW_VERSION): CONCEPT,
    (TER_CONTROLE, NEW_VERSION): TER_CONTROLE,
    (TER_CONTROLE, APPROVE): GOEDGEKEURD,
    (TER_CONTROLE, SEND_BACK): AAN_TE_PASSEN,
    (AAN_TE_PASSEN, NEW_VERSION): TER_CONTROLE,
    (GOEDGEKEURD, REOPEN): AAN_TE_PASSEN,
}
WHO = {SUBMIT: AANKOOPDIENST, NEW_VERSION: AANKOOPDIENST, APPROVE: DUURZAAMHEID, SEND_BACK: DUURZAAMHEID,
       REOPEN: DUURZAAMHEID}


@pytest.mark.parametrize(("state", "action"), list(itertools.product(STATES, ACTIONS)))
def test_every_state_and_action_pair_is_either_the_specified_move_or_refused_in_dutch(state: str, action: str) -> None:
    roles = {WHO[action]}
    if (state, action) in ALLOWED:
        assert next_state(state, action, roles) == ALLOWED[(state, action)]
    else:
        with pytest.raises(IllegalMove) as refused:
            next_state(state, action, roles)
        assert refused.value.message.endswith(".") and "bestek" in refused.value.message.lower()


@pytest.mark.parametrize(("state", "action", "role"), [
    (s, a, r) for (s, a) in ALLOWED for r in ROLES if r != WHO[a]
])
def test_an_allowed_move_by_the_wrong_role_is_refused_naming_who_may(state: str, action: str, role: str) -> None:
    with pytest.raises(IllegalMove, match="Enkel de"):
        next_state(state, action, {role})


def test_a_user_with_several_roles_may_make_the_moves_of_each() -> None:
    both = {AANKOOPDIENST, DUURZAAMHEID}

    assert next_state(CONCEPT, SUBMIT, both) == TER_CONTROLE
    assert next_state(TER_CONTROLE, APPROVE, both) == GOEDGEKEURD


def test_the_loop_of_the_issue_runs_from_concept_to_approved() -> None:
    office, sustainability = {AANKOOPDIENST}, {DUURZAAMHEID}
    state = CONCEPT
    for action, roles in [(SUBMIT, office), (SEND_BACK, sustainability), (NEW_VERSION, office), (APPROVE,
                                                                                                    sustainability)]:
        state = next_state(state, action, roles)
    assert state == GOEDGEKEURD


def test_submitting_a_tender_sent_back_asks_for_a_new_version_first() -> None:
    with pytest.raises(IllegalMove, match="nieuwe versie"):
        next_state(AAN_TE_PASSEN, SUBMIT, {AANKOOPDIENST})


def test_unknown_states_and_actions_are_refused() -> None:
    with pytest.raises(IllegalMove, match="Onbekende status"):
        next_state("gepubliceerd", SUBMIT, set(ROLES))
    with pytest.raises(IllegalMove, match="Onbekende actie"):
        next_state(CONCEPT, "delete", set(ROLES))


def test_the_possible_moves_are_those_next_state_allows() -> None:
    for state, roles in itertools.product(STATES, [{r} for r in ROLES] + [set(ROLES)]):
        for action in ACTIONS:
            allowed = action in possible(state, roles)
            try:
                next_state(state, action, roles)
            except IllegalMove:
                assert not allowed
            else:
                assert allowed


def test_buyers_and_administrators_make_no_review_moves() -> None:
    for state in STATES:
        assert possible(state, {AANKOPER}) == possible(state, {BEHEERDER}) == ()


def test_findings_stay_open_for_review_until_the_tender_is_approved() -> None:
    assert [s for s in STATES if not findings_open(s)] == [GOEDGEKEURD]
