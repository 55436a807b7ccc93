"""Topics a sentence only names as the object of another duty (pure).

"De inschrijver die de inzameling van het koffiedik laat uitvoeren door een maatwerkbedrijf, krijgt 5 punten"
rewards who does the work; it does not require coffee grounds to be collected. "Elke schoonmaker volgt een
opleiding over het juiste gebruik van de doseersystemen" requires training, not dosing systems. In such a frame the
words of the task or the training subject say what the duty is about, not what else it requires: for a criterion
that is not itself about the frame's subject they are not its topic or elements in that sentence.

A frame is a span of the folded sentence; the phrases that occur only inside it are *framed*. Criteria of the
frame's own kind keep them (a social-economy criterion is about who does the task; a training criterion about the
subject of the training).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

# each frame's name says, in an explanation, why the topic was not taken as required
SOCIAL_ECONOMY = "enkel genoemd als taak die de sociale economie uitvoert"
TRAINING = "enkel genoemd als onderwerp van een opleiding"

_ACTOR = (
    r"(?:maatwerkbedrij\w*|sociale (?:economie|ondernem\w*|werkplaats\w*|inschakelingsondernem\w*)|"
    r"beschutte werkplaats\w*|onderneming\w* uit de sociale economie|arbeidszorg\w*|"
    r"(?:lokale )?diensteneconomie\w*)"
)
_ACTOR_RX = re.compile(_ACTOR)
# from the relative clause or the verb that hands the task over, to the social-economy actor that takes it:
# "die ... laat uitvoeren door een maatwerkbedrijf", "laat de toestellen herstellen door ...", "Perceel 2 (...) is
# voorbehouden aan maatwerkbedrijven"
_OPENER = r"\b(?:die|dat|perceel|percelen|lot|loten)\b"
# from the opener nearest the actor (never across another opener or a ";"), so that "... voldoen aan het EU
# Ecolabel en dat 10 % van de uren wordt uitgevoerd door een maatwerkbedrijf" frames only the part about the hours;
# "laat" opens too, and may stand inside ("die de inzameling van het koffiedik laat uitvoeren door ...")
_TASK = re.compile(
    r"(?:" + _OPENER + r"|\blaat\b|\blaten\b)(?:(?!" + _OPENER + r")[^;]){0,300}?"
    r"\b(?:door|aan|bij|voor|op) (?:een |de |het )?(?:\w+ ){0,3}?" + _ACTOR
)
_HANDED_OVER = re.compile(
    r"\b(?:laat|laten|uitvoeren|uitgevoerd|voorbehouden|gereserveerd|toevertrouwd|toevertrouwen|uitbesteed|"
    r"uitbesteden|onderaanneming|onderaannemer|beroep (?:doet|doen) op)\b"
)
# from the word for the training to the end of its subject: "een opleiding heeft gevolgd over ... en ...", not
# past a ";" or a new clause ("... in het gebruik van het toestel en levert uitsluitend toestellen met ...")
_NEW_CLAUSE = (r"[;]|\ben (?:hij|zij|ze|levert|leveren|gebruikt|gebruiken|zorgt|zorgen|moet|moeten|dient|dienen|"
               r"neemt|nemen|voldoet|voldoen|draagt|dragen|voorziet|voorzien|past|passen)\b")
_TRAINING = re.compile(
    r"\b(?:opleiding\w*|vorming\w*|training\w*|cursus\w*|instructie\w*)\b(?: \w+){0,4}? "
    r"(?:over|in|rond|omtrent|inzake|betreffende|met betrekking tot)\b(?:(?!" + _NEW_CLAUSE + r").)*"
)
_TRAINING_STEMS = r"(?:opleid|vorming|training|cursus|instructie|bijscholing)"
TRAINING_WORDS = re.compile(_TRAINING_STEMS)
_TRAINING_PHRASE = re.compile(r"(?:^|\s)" + _TRAINING_STEMS)  # a catalogue phrase about training itself


def spans(folded: str) -> Iterator[tuple[str, int, int]]:
    """The frames of a folded sentence: (frame, start, end) character spans."""
    if _ACTOR_RX.search(folded) and _HANDED_OVER.search(folded):
        for match in _TASK.finditer(folded):
            yield SOCIAL_ECONOMY, match.start(), match.end()
    if TRAINING_WORDS.search(folded):
        for match in _TRAINING.finditer(folded):
            yield TRAINING, match.start(), match.end()


def framed(folded: str, phrases: frozenset[int], find: Callable[[str], frozenset[int]]) -> dict[str, frozenset[int]]:
    """Per frame, the phrases of a sentence that occur only inside that frame's spans (each stretch outside them
    read on its own, so that no phrase joins across a cut)."""
    found = list(spans(folded))
    inside_only: dict[str, frozenset[int]] = {}
    for frame in {f for f, _, _ in found}:
        stretches, at = [], 0
        for start, end in sorted((start, end) for f, start, end in found if f == frame):
            stretches.append(folded[at:start])
            at = max(at, end)
        stretches.append(folded[at:])
        outside = frozenset().union(*(find(part) for part in stretches if part.strip()))
        if phrases - outside:
            inside_only[frame] = phrases - outside
    return inside_only


def own_frames(theme: str, phrases: list[str]) -> frozenset[str]:
    """The frames whose subject a criterion is itself about: it keeps the words framed there."""
    own = set()
    if theme == "social-economy":
        own.add(SOCIAL_ECONOMY)
    if any(_TRAINING_PHRASE.search(p.lower()) for p in phrases):
        own.add(TRAINING)
    return frozenset(own)
