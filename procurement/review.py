"""A tender's review: its states and the moves between them, who may make each move (pure, no I/O)."""

from __future__ import annotations

from collections.abc import Collection

from procurement.roles import AANKOOPDIENST, DUURZAAMHEID, ROLE_NAMES

CONCEPT, TER_CONTROLE, GOEDGEKEURD, AAN_TE_PASSEN = "concept", "ter_controle", "goedgekeurd", "aan_te_passen"
STATES: tuple[str, ...] = (CONCEPT, TER_CONTROLE, GOEDGEKEURD, AAN_TE_PASSEN)
STATE_NAMES: dict[str, str] = {
    CONCEPT: "concept",
    TER_CONTROLE: "ter controle",
    GOEDGEKEURD: "goedgekeurd",
    AAN_TE_PASSEN: "aan te passen",
}

SUBMIT, NEW_VERSION, APPROVE, SEND_BACK, REOPEN = "submit", "new_version", "approve", "send_back", "reopen"
ACTIONS: tuple[str, ...] = (SUBMIT, NEW_VERSION, APPROVE, SEND_BACK, REOPEN)
ACTION_NAMES: dict[str, str] = {
    SUBMIT: "indienen ter controle",
    NEW_VERSION: "nieuwe versie opladen",
    APPROVE: "goedkeuren",
    SEND_BACK: "terugsturen (aan te passen)",
    REOPEN: "heropenen (aan te passen)",
}
# who makes each move
ACTOR: dict[str, str] = {
    SUBMIT: AANKOOPDIENST,
    NEW_VERSION: AANKOOPDIENST,
    APPROVE: DUURZAAMHEID,
    SEND_BACK: DUURZAAMHEID,
    REOPEN: DUURZAAMHEID,
}
# (state, action) -> the state after it; every pair not listed is refused
MOVES: dict[tuple[str, str], str] = {
    (CONCEPT, SUBMIT): TER_CONTROLE,
    (CONCEPT, NEW_VERSION): CONCEPT,
    (TER_CONTROLE, NEW_VERSION): TER_CONTROLE,  # the reviewer sees the newest version
    (TER_CONTROLE, APPROVE): GOEDGEKEURD,
    (TER_CONTROLE, SEND_BACK): AAN_TE_PASSEN,
    (AAN_TE_PASSEN, NEW_VERSION): TER_CONTROLE,  # the fixed version goes back to the reviewer by itself
    (GOEDGEKEURD, REOPEN): AAN_TE_PASSEN,
}
# moves that need a comment saying what to change
NEEDS_COMMENT: frozenset[str] = frozenset({SEND_BACK, REOPEN})

_WHY_NOT: dict[tuple[str, str], str] = {
    (TER_CONTROLE, SUBMIT): "Dit bestek is al ingediend en wacht op controle.",
    (GOEDGEKEURD, SUBMIT): "Dit bestek is al goedgekeurd.",
    (AAN_TE_PASSEN, SUBMIT): (
        "Dit bestek moet eerst aangepast worden: laad een nieuwe versie op; daarna gaat het vanzelf terug "
        "ter controle."
    ),
    (GOEDGEKEURD, NEW_VERSION): (
        "Dit bestek is goedgekeurd: een nieuwe versie kan pas nadat de dienst duurzaamheid het heropend heeft."
    ),
    (CONCEPT, APPROVE): "Dit bestek is nog niet ingediend ter controle.",
    (CONCEPT, SEND_BACK): "Dit bestek is nog niet ingediend ter controle.",
    (AAN_TE_PASSEN, APPROVE): "Dit bestek wacht op een nieuwe versie van de aankoopdienst.",
    (AAN_TE_PASSEN, SEND_BACK): "Dit bestek werd al teruggestuurd en wacht op een nieuwe versie.",
    (GOEDGEKEURD, APPROVE): "Dit bestek is al goedgekeurd.",
    (GOEDGEKEURD, SEND_BACK): "Dit bestek is goedgekeurd; heropen het om het terug te sturen.",
}


class IllegalMove(Exception):
    """A move the review does not allow; `message` says why, in Dutch."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def next_state(state: str, action: str, roles: Collection[str]) -> str:
    """The state after `action` by someone with `roles`, or IllegalMove saying why not."""
    if state not in STATES:
        raise IllegalMove(f"Onbekende status van het bestek: {state}.")
    if action not in ACTIONS:
        raise IllegalMove(f"Onbekende actie: {action}.")
    if ACTOR[action] not in roles:
        raise IllegalMove(f"Enkel de {ROLE_NAMES[ACTOR[action]]} kan dit doen: {ACTION_NAMES[action]}.")
    try:
        return MOVES[(state, action)]
    except KeyError:
        reason = _WHY_NOT.get(
            (state, action), f"Dit kan niet wanneer het bestek {STATE_NAMES[state]} is: {ACTION_NAMES[action]}."
        )
        raise IllegalMove(reason) from None


def possible(state: str, roles: Collection[str]) -> tuple[str, ...]:
    """The moves someone with `roles` can make now (for the buttons on the page)."""
    return tuple(a for a in ACTIONS if (state, a) in MOVES and ACTOR[a] in roles)


# Approved means frozen: the analysis that was approved stays the one the tender is judged on.
_FROZEN: dict[str, str] = {
    GOEDGEKEURD: (
        "Dit bestek is goedgekeurd: de goedgekeurde analyse blijft ongewijzigd. Laat de dienst duurzaamheid het "
        "eerst heropenen om het opnieuw te analyseren."
    ),
}
FROZEN_STATES: frozenset[str] = frozenset(_FROZEN)


def analyse_again(state: str) -> str:
    """The state after a new analysis of the same documents (re-analysis, corrected groups, re-check).

    The state stays what it was; an approved tender is frozen and refuses (IllegalMove saying why).
    """
    if state not in STATES:
        raise IllegalMove(f"Onbekende status van het bestek: {state}.")
    if state in _FROZEN:
        raise IllegalMove(_FROZEN[state])
    return state


def may_analyse_again(state: str) -> bool:
    """For the page: show the re-analysis buttons only where analyse_again allows them."""
    return state in STATES and state not in _FROZEN


def separation_of_duties(action: str, actor_id: int | None, submitters: Collection[int | None]) -> str | None:
    """Why this person may not make this move on a tender they submitted themselves (Dutch), or None.

    Four eyes: who handed the tender in for review (or uploaded the version under review) does not approve it.
    The system (no actor) is not a person and is never refused here.
    """
    if action == APPROVE and actor_id is not None and actor_id in submitters:
        return ("Je hebt dit bestek zelf ingediend: een collega van de dienst duurzaamheid moet het goedkeuren "
                "(vier ogen).")
    return None


def findings_open(state: str) -> bool:
    """Findings can be confirmed or overridden until the tender is approved."""
    return state != GOEDGEKEURD


# why a reviewer's decision was carried over to a new analysis
CARRIED_EVIDENCE, CARRIED_SAME_STATUS = "evidence", "status"
CARRIED_NAMES = {
    CARRIED_EVIDENCE: "het bewijs staat nog in het bestek",
    CARRIED_SAME_STATUS: "de analyse gaf dezelfde status",
}
