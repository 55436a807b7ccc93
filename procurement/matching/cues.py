"""Tell a requirement from a mention: who is bound, and is it binding? (pure, on folded text).

A sentence binds when it puts an obligation on the bidder or contractor ("de opdrachtnemer verbindt zich",
"de inschrijver moet", "Toon aan dat ...") or is scored ("(1 punt)"), or states a requirement under a
requirements heading. Policy prose that happens to say "moet", guidance to the buyer ("u kan ...
opnemen"), definitions, law explained, "niet van toepassing" and tables of contents do not bind.

The words are regular expressions in `cue_words`, the named rules that weigh them in `cue_rules`; here the
verdict and `judge`, which applies the rules to one sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

from procurement.matching.cue_rules import (
    OBLIGATIONS,
    SCORED_RULE,
    SIGNALS,
    VETO,
    VETOES,
    Facts,
    Rule,
    bidder_form,
    facts,
    heading_weight,
    requirement_column,
)
from procurement.matching.cue_words import KIND_MARKS, NOT_APPLICABLE_CELL

__all__ = [
    "BIND_THRESHOLD",
    "KIND_MARKS",
    "NOT_APPLICABLE_CELL",
    "OBLIGATIONS",
    "SCORED_RULE",
    "SIGNALS",
    "VETO",
    "VETOES",
    "Facts",
    "Rule",
    "Verdict",
    "bidder_form",
    "facts",
    "heading_weight",
    "judge",
    "requirement_column",
]

BIND_THRESHOLD = 3


@dataclass(frozen=True, slots=True)
class Verdict:
    """How binding a sentence is, and the words that decided it."""

    score: int
    cues: tuple[str, ...]

    @property
    def binding(self) -> bool:
        return self.score >= BIND_THRESHOLD


def judge(sentence: str, section: str | None = None, folded: str | None = None, column: str | None = None) -> Verdict:
    """Score one sentence (original text; `folded` if already at hand) for binding the bidder/contractor;
    `column`: for a row of a table, the table's header row.

    The verdict's cues name each rule that applied and the words that made it apply.
    """
    f = facts(sentence, section, folded, column)
    for rule in VETOES:
        if rule.find(f) is not None:
            return Verdict(VETO, (rule.name,))
    score = 0
    cues: list[str] = []
    strongest: tuple[Rule, str] | None = None  # one obligation counts: the strongest that applies
    for rule in OBLIGATIONS:
        if strongest is not None and rule.points <= strongest[0].points:
            continue
        words = rule.find(f)
        if words is not None:
            strongest = (rule, words)
    if strongest is not None:
        score += strongest[0].points
        cues.append(f"{strongest[0].name}: {strongest[1]}")
    for rule in SIGNALS:
        words = rule.find(f)
        if words is not None:
            score += rule.points
            cues.append(f"{rule.name}: {words}")
    return Verdict(score, tuple(cues))
