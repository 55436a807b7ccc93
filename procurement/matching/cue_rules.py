"""The rules that decide whether a sentence binds: what a sentence says (`facts`), and the named, weighted
rules that combine it (vetoes, the strongest obligation, every signal) (pure, on folded text)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from procurement.matching.cue_words import (
    ACTION,
    ADDRESSEE,
    AWARD_LABEL,
    BIDDER_COLUMN,
    BUYER_DEMANDS,
    BUYER_GUIDANCE,
    BUYER_SUBJECT,
    COMPARISON,
    CONDITION,
    CURRENT,
    DELIVERABLE,
    EMPTY_FIELD,
    EQUIVALENT,
    EXAMPLE,
    EXPLAIN,
    GOODS_MADE,
    GOODS_STATED,
    GOODS_SUBJECT,
    HEADER_CELL_WORDS,
    IMPERATIVE,
    INFO_HEADING,
    INVERTED,
    LABEL_PREFIX,
    LEAD_IN,
    MODAL,
    NEEDS,
    NOT_APPLICABLE,
    OTHER_SUBJECT,
    PARTY,
    PASSIVE_DUTY,
    PERMISSIVE,
    PLACEHOLDER,
    POLICY,
    PROHIBITION,
    REPORTED,
    REQUIREMENT_COLUMN,
    REQUIREMENT_HEADING,
    REQUIREMENT_LABEL,
    RESERVED,
    RESTRICTED,
    SCORED,
    THRESHOLD,
    TO_PROVIDE,
    TOC_LINE,
    WISH,
)
from procurement.text import fold

VETO = -10  # a sentence that rules its clause out: "niet van toepassing", an empty field, a contents line
SUBJECT_REACH = 25  # characters: a party named this early is the subject of the sentence


@lru_cache(maxsize=1024)
def heading_weight(section: str | None) -> tuple[int, str | None]:
    if not section:
        return 0, None
    folded = fold(section)
    if INFO_HEADING.search(folded):
        return -3, f"onder '{section[:60]}'"
    if REQUIREMENT_HEADING.search(folded):
        return 1, f"onder '{section[:60]}'"
    return 0, None


@dataclass(frozen=True, slots=True)
class Facts:
    """What one sentence says, found once: the rules below only combine these."""

    sentence: str  # original text
    text: str  # folded
    section: str | None
    party: re.Match[str] | None  # the bidder or contractor named
    subject: bool  # ... as the subject of the sentence
    modal: re.Match[str] | None
    needs: re.Match[str] | None
    action: re.Match[str] | None
    permissive: re.Match[str] | None
    guidance: re.Match[str] | None
    imperative: re.Match[str] | None
    column: str | None = None  # folded: the requirements column's header cell, for a row read as one line


@dataclass(frozen=True, slots=True)
class Rule:
    """A named reason why a sentence does or does not bind; `find` returns the words that made it apply."""

    name: str  # Dutch, shown to reviewers in the explanation
    points: int
    find: Callable[[Facts], str | None]


def _words(match: re.Match[str] | None) -> str | None:
    return match.group(0).strip() if match is not None else None


def _pair(a: re.Match[str] | None, b: re.Match[str] | None) -> str | None:
    return f"{a.group(0).strip()} … {b.group(0).strip()}" if a is not None and b is not None else None


def _goods(f: Facts) -> str | None:
    return None if OTHER_SUBJECT.search(f.text) else _words(GOODS_SUBJECT.search(f.text))


def _deliverable(f: Facts) -> str | None:
    return None if f.permissive else _pair(DELIVERABLE.search(f.text), f.modal or f.needs or f.action)


def _subject(f: Facts) -> str | None:
    return _pair(f.party, f.action or f.needs or f.party) if f.subject and not f.permissive else None


def _without_party(pattern: re.Pattern[str]) -> Callable[[Facts], str | None]:
    return lambda f: None if f.party or f.imperative else _words(pattern.search(f.text))


_OTHER_SUBJECT_WITHOUT_PARTY = _without_party(OTHER_SUBJECT)


def _someone_else(f: Facts) -> str | None:
    """Someone other than the bidder speaks, unless it is the buyer demanding something of the bidder."""
    return None if BUYER_DEMANDS.search(f.text) else _OTHER_SUBJECT_WITHOUT_PARTY(f)


def _condition(f: Facts) -> str | None:
    """"Indien ..." without a duty; a scored condition ("Gunning: indien de inschrijver aantoont ...") is an award."""
    if f.modal or SCORED.search(f.text) or AWARD_LABEL.match(f.text):
        return None
    return _words(CONDITION.search(f.text))


def _table_row(f: Facts) -> str | None:
    """A row of a specification table with a limit: "TVOC na 28 dagen | ISO 16000-6 | < 10 µg/m³"."""
    if " | " not in f.sentence:
        return None
    return _words(COMPARISON.search(f.sentence))  # a limit in words already counts as "drempelwaarde"


def _short(f: Facts) -> str | None:
    stripped = PLACEHOLDER.sub(" ", f.text)
    return "te kort" if len(stripped.split()) < 4 and not SCORED.search(f.text) else None


def _heading(points: int) -> Callable[[Facts], str | None]:
    def find(f: Facts) -> str | None:
        weight, _ = heading_weight(f.section)
        return f"'{(f.section or '')[:60]}'" if weight == points and weight else None

    return find


SCORED_RULE = "gunningscriterium met punten of weging"
# A sentence that rules its clause out, whatever else it says.
VETOES: tuple[Rule, ...] = (
    Rule("inhoudstafel", VETO, lambda f: _words(TOC_LINE.search(f.sentence))),
    Rule("niet van toepassing", VETO, lambda f: _words(NOT_APPLICABLE.search(f.text))),
    Rule("leeg invulveld", VETO, lambda f: _words(EMPTY_FIELD.search(f.sentence))),
)
# Who is bound and how: one rule counts, the strongest that applies.
OBLIGATIONS: tuple[Rule, ...] = (
    Rule("verplichting van de inschrijver of opdrachtnemer", 3, lambda f: _pair(f.party, f.modal)),
    Rule("de opdrachtnemer als onderwerp (bestektaal)", 3, _subject),
    Rule("eis aan de levering", 3, _goods),
    Rule("bestektaal: te voorzien door de aannemer", 3, lambda f: _words(TO_PROVIDE.search(f.text))),
    Rule("de aanbestedende overheid eist het", 3, lambda f: _words(BUYER_DEMANDS.search(f.text))),
    Rule("eis aan wat geleverd of ingezet wordt", 3, _deliverable),
    Rule("handeling van de opdrachtnemer", 2, lambda f: _pair(f.party, f.action)),
    Rule("verbod", 3, lambda f: _words(PROHIBITION.search(f.text))),
    Rule("enkel dit is toegelaten", 2, lambda f: _words(RESTRICTED.search(f.text))),
    Rule("verplichtend woord", 1, lambda f: _words(f.modal or f.needs)),
    Rule("eigenschap van de levering", 2, lambda f: _words(GOODS_STATED.search(f.text) or GOODS_MADE.search(f.text))),
)
# Every rule that applies counts.
SIGNALS: tuple[Rule, ...] = (
    Rule(SCORED_RULE, 3, lambda f: _words(SCORED.search(f.text))),
    Rule("aanloop naar eisen", 3, lambda f: _words(LEAD_IN.search(f.text))),
    Rule("voorbehouden opdracht", 3, lambda f: _words(RESERVED.search(f.text))),
    Rule("benoemde eis", 2, lambda f: _words(REQUIREMENT_LABEL.search(f.text))),
    Rule("gelijkwaardig aanvaard", 1, lambda f: _words(EQUIVALENT.search(f.text))),
    Rule("opdracht aan de inschrijver", 3, lambda f: _words(f.imperative)),
    Rule("bewijs- of nalevingsplicht in de lijdende vorm", 1, lambda f: _words(PASSIVE_DUTY.search(f.text))),
    Rule("drempelwaarde", 2, lambda f: _words(THRESHOLD.search(f.text) or COMPARISON.search(f.sentence))),
    Rule("eis in een specificatietabel", 1, _table_row),
    Rule("rij van een tabel met eisen", 3, lambda f: f.column),
    Rule("onder een titel met eisen", 1, _heading(1)),
    Rule("onder een informatieve titel", -3, _heading(-3)),
    Rule("richtlijn voor de aankoper", -4, lambda f: _words(f.guidance)),
    Rule("uitleg of definitie", -2, lambda f: _words(EXPLAIN.search(f.text))),
    Rule("beschrijft de huidige toestand", -3, lambda f: _words(CURRENT.search(f.text))),
    Rule("voorbeeld", -1, lambda f: _words(EXAMPLE.search(f.text))),
    Rule("een wens, geen eis", -4, lambda f: _words(WISH.search(f.text))),
    Rule("beschrijft een clausule", -4, lambda f: _words(REPORTED.search(f.text))),
    Rule("voorwaarde, geen verplichting", -3, _condition),
    Rule("beleid", -2, _without_party(POLICY)),
    Rule("iemand anders spreekt", -2, _someone_else),
    Rule("te kort of enkel invulveld", -3, _short),
)


def _cells(texts: Sequence[str]) -> list[str]:
    return [" ".join(re.sub(r"[^\w\s]", " ", fold(text)).split()) for text in texts]


def bidder_form(top_rows: Sequence[str]) -> bool:
    """The first rows of a table say it is a form the bidder fills in ("Vraag | Antwoord", "Aangeboden")."""
    return any(BIDDER_COLUMN.search(cell) for cell in _cells(top_rows))


def requirement_column(header: Sequence[str]) -> str | None:
    """The header cell that names a column of requirements ("Minimumeis"), if the header row is one of labels."""
    cells = _cells(header)
    if not cells or any(len(cell.split()) > HEADER_CELL_WORDS for cell in cells):
        return None
    return next((cell for cell in cells if REQUIREMENT_COLUMN.fullmatch(cell)), None)


def facts(sentence: str, section: str | None = None, folded: str | None = None, column: str | None = None) -> Facts:
    text = (fold(sentence) if folded is None else folded).strip()
    party = PARTY.search(text) or ADDRESSEE.search(text)
    lead = LABEL_PREFIX.match(text)  # "Beoordeling en verificatie: de aanvrager legt ..."
    subject = party is not None and (
        party.start() - (lead.end() if lead else 0) <= SUBJECT_REACH
        or (INVERTED.search(text) is not None and not BUYER_SUBJECT.match(text, lead.end() if lead else 0))
    )
    guidance = BUYER_GUIDANCE.search(text)
    return Facts(
        sentence=sentence,
        text=text,
        section=section,
        party=party,
        subject=subject,
        modal=MODAL.search(text),
        needs=NEEDS.search(text),
        action=ACTION.search(text),
        permissive=PERMISSIVE.search(text),
        guidance=guidance,
        imperative=None if guidance else IMPERATIVE.search(text),
        column=column,
    )
