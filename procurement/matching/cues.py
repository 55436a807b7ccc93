"""Tell a requirement from a mention: who is bound, and is it binding? (pure, on folded text).

A sentence binds when it puts an obligation on the bidder or contractor ("de opdrachtnemer verbindt zich",
"de inschrijver moet", "Toon aan dat ...") or is scored ("(1 punt)"), or states a requirement under a
requirements heading. Policy prose that happens to say "moet", guidance to the buyer ("u kan ...
opnemen"), definitions, law explained, "niet van toepassing" and tables of contents do not bind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from procurement.matching.text import fold


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


NUMBERING = r"^\W*(?:(?:\d+(?:\.\d+)*|[a-z])[.)]\s*)?"  # "2. ", "7.1 ", "b) " before a sentence
PARTY = _rx(
    r"\b(?:inschrijvers?|opdrachtnemers?|(?:hoofd|onder)?leveranciers?|toeleveranciers?|(?:onder)?aannemers?|"
    r"dienstverleners?|kandidaa?t(?:en)?|aanvragers?|contractant(?:en)?|opdrachthouders?|bieders?|gegadigden?|"
    r"inschrijvende|uitvoerders?|cateraars?|exploitant(?:en)?|aanbieders?|opdrachtnemende|wederpartij|"
    r"fabrikant(?:en)?|installateurs?|ondernemers?|economische operatoren|economische operator|"
    r"(?:potentiele )?opdrachtnemer|firma|onderneming|dienstverlenende onderneming|"
    r"hij)\b"  # "hij" in a bestek is the contractor of the sentence before: "... laat hij inzamelen"
)
MODAL = _rx(
    r"\b(?:moet|moeten|dient|dienen|zal|zullen|verbindt zich|verbinden zich|is verplicht|zijn verplicht|"
    r"verplicht(?:en)? zich|is gehouden|zijn gehouden|is verantwoordelijk|zijn verantwoordelijk|draagt zorg|"
    r"dragen zorg|zorgt (?:er ?voor|dat)|zorgen (?:er ?voor|dat)|staat in voor|staan in voor|garandeert|"
    r"garanderen|waarborgt|verzekert|mag geen|mogen geen|mag niet|mogen niet|is niet toegelaten|"
    r"zijn niet toegelaten|is verboden|zijn verboden|is uitgesloten)\b"
)
ACTION = _rx(
    r"\b(?:levert|leveren|legt|leggen|toont|tonen|bezorgt|bezorgen|overhandigt|respecteert|respecteren|"
    r"leeft|leven|neemt|nemen|houdt zich|houden zich|beschikt|beschikken|is in het bezit|zijn in het bezit|"
    r"past|passen|gebruikt|gebruiken|voorziet|voorzien|stelt|stellen|besteedt|besteden|volgt|verwerkt|"
    r"verwerken|recupereert|herneemt|neemt terug|vermeldt|vermelden|rapporteert|rapporteren|beperkt|voegt|voegen|"
    r"beperken|biedt|bieden|verstrekt|verstrekken|hanteert|hanteren|voldoet|voldoen|realiseert|realiseren)\b"
)
NEEDS = _rx(
    r"\b(?:moet|moeten|dient|dienen|verplicht|verplichte|vereist|vereiste|minimaal|minstens|ten minste|"
    r"tenminste|maximaal|maximum|minimum|uitsluitend|enkel|niet meer dan|niet minder dan|zijn gecertificeerd|"
    r"is gecertificeerd|dragen|draagt|voldoen aan|voldoet aan|gelden volgende|geldt)\b"
)
THRESHOLD = _rx(r"\b(?:minimaal|minstens|ten minste|tenminste|maximaal|maximum|minimum|niet meer dan)\b[^.]{0,40}\d")
COMPARISON = re.compile(r"[<>≤≥]\s*\d")
LEAD_IN = _rx(
    r"\b(?:gelden|geldt|volgende)\b.{0,40}\b(?:vereisten|eisen|voorwaarden|verplichtingen|minimumeisen)\b|"
    r"\b(?:vereisten|eisen|voorwaarden|verplichtingen)\b.{0,30}\b(?:gelden|geldt|zijn van toepassing)\b"
)
PROHIBITION = _rx(
    r"\b(?:is|zijn|wordt|worden) (?:verboden|niet toegestaan|niet toegelaten|uitgesloten)\b|"
    r"\b(?:mag|mogen) (?:geen|niet)\b"
)
# "Minimumeis: ...", "Eis 4: ...", "Contractvoorwaarde: ...": a requirement says what it is
REQUIREMENT_LABEL = _rx(
    r"^\W*(?:minimum)?(?:eis|eisen|vereiste)\b[^:]{0,12}:|^\W*(?:contractvoorwaarde|uitvoeringsvoorwaarde|"
    r"technische specificatie|selectiecriterium|minimumvoorwaarde)\b[^:]{0,30}:"
)
LABEL_PREFIX = re.compile(r"^[^:]{0,60}:\s*")
PERMISSIVE = _rx(r"\b(?:kan|kunnen|mag|mogen|is vrij|zijn vrij|desgewenst|eventueel)\b(?! geen| niet)")
SCORED = _rx(
    r"\(\s*\d+(?:[.,]\d+)?\s*(?:punt|punten|pt|ptn|%)\s*\)|\b\d+(?:[.,]\d+)?\s*(?:punten|punt)\b|"
    r"\bwordt (?:beoordeeld|gescoord|gequoteerd|gewaardeerd)|\bworden (?:beoordeeld|gescoord|gequoteerd)|"
    r"\bgunningscriteri|\bweging\b|\(\s*(?:eis|wens|minimumeis|knock ?out)\s*\)"
)
IMPERATIVE = _rx(
    r"^(?:\W*\w+\W*\s)?(?:toon|geef|beschrijf|vermeld|lever|voeg|bezorg|licht|motiveer|specificeer|omschrijf|"
    r"leg|bewijs|overleg|verklaar|beschrijft|toont)\b"
)
BUYER_GUIDANCE = _rx(
    r"\b(?:u|je|jij|men) (?:kan|kunt|kunnen|mag|zou|wil)\b|\bkunt u\b|\bkan je\b|\bkun je\b|\bdenk (?:ook )?aan\b|"
    r"\boverweeg\b|\bneem\b.{0,60}\b(?:mee|op) in (?:je|uw|het) (?:bestek|lastenboek|aanbesteding)|"
    r"\baanbestedende (?:overheid|dienst|organisatie|instantie|overheden|diensten) (?:kan|kunnen|mag|mogen|"
    r"heeft|hebben)\b|\bhet is mogelijk\b|\bis het mogelijk\b|\bkunnen (?:worden )?(?:opgenomen|geintegreerd|"
    r"toegepast|gebruikt|voorbehouden)\b|\bop vrijwillige basis\b|\bvrijwillig instrument|"
    r"\b(?:heeft|hebben) de (?:mogelijkheid|keuze)\b|\bkan (?:worden|gekozen|overwegen)\b|"
    r"\bwordt aanbevolen\b|\bwe raden\b|\bin je bestek\b|\btip\b"
)
POLICY = _rx(
    r"\b(?:streeft|streven|ambieert|ambitie|ambities|beoogt|beogen|tracht|trachten|doelstelling|doelstellingen|"
    r"engagement|visie|beleid|beleidsplan|inkoopbeleid|aankoopbeleid|wil de stad|wil de gemeente|"
    r"willen we|we willen|wij willen|uitgangspunt)\b"
)
# the goods as subject of a specification: "Het product moet ...", "De geleverde toestellen dienen ...", "Alle
# armaturen mogen geen ..." (the contractor's deliverable stands for the contractor)
GOODS_SUBJECT = _rx(
    NUMBERING + r"(?:[^:]{0,40}:\s*)?(?:het|de|alle|elk|elke|ieder|iedere)\s+(?:[a-z-]+\s+){0,3}?"
    r"(?:moet|moeten|dient|dienen|mag geen|mogen geen|mag niet|mogen niet)\b"
)
# a wish, or a clause reported rather than stated: "Idealiter neemt de leverancier ...", "Deze clausule stelt dat ..."
WISH = _rx(r"\b(?:idealiter|liefst|ideaal gezien|in het beste geval)\b")
REPORTED = _rx(
    r"^\W*(?:deze|die|de|dit|het|een) (?:[a-z]+ ){0,2}(?:stelt|bepaalt|betekent|houdt in|zegt|vraagt|verwacht) dat\b"
)
# "indien de inschrijver ... heeft genomen": a condition, not a duty (unless it also says what must be done)
CONDITION = _rx(NUMBERING + r"(?:indien|als|wanneer|tenzij|voor zover|zolang|ingeval)\b")
EXAMPLE = _rx(r"\b(?:bijvoorbeeld|bv|richtlijn \d+|verordening)\b")
# what the contractor delivers or uses stands for the contractor: "de geleverde toestellen dragen ..."
DELIVERABLE = _rx(
    r"\b(?:geleverde|aangeboden|aangeleverde|ingezette|te leveren|te gebruiken|voorgestelde|"
    r"geplaatste|geinstalleerde|bezorgde|aan te bieden|in te zetten)\b|"
    r"\b(?:bij|tijdens) de uitvoering\b"
)
EQUIVALENT = _rx(r"\bof (?:een |het )?(?:gelijkwaardige?|evenwaardige?)\b")
ADDRESSEE = re.compile(r"^\W*(?:u|jij|je) (?!kan\b|kunt\b|mag\b|moogt\b|zou\b|wil\b)(?=[a-z]+)|\b[a-z]+t u\b")
# the reservation itself: "Deze opdracht / Perceel 3 / De deelname aan deze opdracht is voorbehouden aan ...",
# not a description of one ("de vermelding dat het gaat om een opdracht die is voorbehouden aan ...")
RESERVED = _rx(
    r"^\W*(?:(?:\d+(?:\.\d+)*|[a-z])[.)]\s*)?(?:[^:]{0,40}:\s*)?(?:deze|de|dit|het|elk|elke|alle)?\s*(?:deelname|deelneming|overheidsopdracht|"
    r"opdracht|opdrachten|perceel|percelen|lot|loten|raamovereenkomst)\b[^.;]{0,60}?\b(?:is|zijn|wordt|worden)\b"
    r"[^.;]{0,80}?\bvoorbehouden aan\b"
)
INVERTED = re.compile(r"\b[a-z]+t (?:de|het) (?=(?:[a-z]+ )?" + PARTY.pattern[2:] + ")")
EXPLAIN = _rx(
    r"\b(?:ter informatie|toelichting|wordt verstaan|verstaan onder|wordt gedefinieerd|"
    r"definitie|is opgericht|werd opgericht|volgens de wet|de wet bepaalt|de wet voorziet|wet schrijft|"
    r"vloeien .{0,30}voort|voortvloeien|zijn goedgekeurd als|is goedgekeurd|"
    r"de wet (?:verplicht|bepaalt|voorziet|schrijft)|"
    r"keurmerk kent|het keurmerk|het label staat|dit label|staat voor|is een (?:label|keurmerk|norm)|aangezien|"
    r"er is geen consensus|besloten is|in overleg met|geschiedt|laat toe|laten toe|staat toe|"
    r"biedt de mogelijkheid|maakt het mogelijk)\b"
)
OTHER_SUBJECT = _rx(
    NUMBERING + r"(?:de|het)?\s*(?:rijksoverheid|commissie|europese (?:commissie|unie)|lidstaten|overheid|"
    r"overheden|vlaamse (?:overheid|regering)|federale overheid|regering|wetgever|gemeenten|steden|stad|gemeente|"
    r"lokale besturen|organisaties|bedrijven|ondernemingen|aanbestedende overhe\w+|aanbestedende diensten?)\b|"
    + NUMBERING
    + r"een (?:aanbestedende|aankopende|inkopende) (?:dienst|overheid|organisatie|entiteit)\b|"
    + r"^(?:\W*)zo\b"
)
NOT_APPLICABLE = _rx(
    r"\bniet van toepassing\b|\bn\s?v\s?t\b|\bniet toepasselijk\b|\bgeen toepassing\b|\bvervalt\b|"
    r"\bwordt niet (?:opgenomen|toegepast|gevraagd)\b|\bzijn geen\b.{0,40}\b(?:opgenomen|van toepassing)\b"
)
TOC_LINE = re.compile(r"(?:\.\s?){4,}\s*\d+\s*$|…{2,}\s*\d+\s*$|\t\d+\s*$")
PLACEHOLDER = re.compile(r"\[[^\]]{0,60}\]|_{3,}|\.{4,}|…+")
# "Levenscycluskosten als gunningscriterium: ……" / "Milieubeheer (…): [invullen]": a field left to fill in
EMPTY_FIELD = re.compile(r":\s*(?:\[[^\]]{0,60}\]|[.…_\s]{3,}|(?:in te vullen|invullen|nader te bepalen)\.?)\s*$", re.I)

REQUIREMENT_HEADING = _rx(
    r"\b(?:eisen|eis|vereisten|minimumeisen|minimumvereisten|specificaties|uitvoeringsvoorwaarden|"
    r"uitvoeringsbepalingen|leveringsvoorwaarden|voorwaarden|gunningscriteri\w*|gunning|selectie\w*|"
    r"clausule|clausules|verplichtingen|voorschriften|kwaliteitseisen|criteria|criterium|verificatie|"
    r"controle|bijzondere bepalingen|technische bepalingen|"
    r"contractuele bepalingen|beschrijving|opdracht|prestaties|social return|kwalitatieve)\b"
)
INFO_HEADING = _rx(
    r"\b(?:toelichting|achtergrond|situering|inleiding|context|ter informatie|wettelijk kader|definities|"
    r"begrippen|beleid|beleidskader|visie|motivering|overwegingen|inhoudstafel|inhoudsopgave|"
    r"samenvatting|voorwoord|historiek|bijlagen)\b"
)
BIND_THRESHOLD = 3
VETO = -10  # a sentence that rules its clause out: "niet van toepassing", an empty field, a contents line
SUBJECT_REACH = 25  # characters: a party named this early is the subject of the sentence


@dataclass(frozen=True, slots=True)
class Verdict:
    """How binding a sentence is, and the words that decided it."""

    score: int
    cues: tuple[str, ...]

    @property
    def binding(self) -> bool:
        return self.score >= BIND_THRESHOLD


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


def judge(sentence: str, section: str | None = None, folded: str | None = None) -> Verdict:
    """Score one sentence (original text; `folded` if already at hand) for binding the bidder/contractor."""
    text = (fold(sentence) if folded is None else folded).strip()
    score = 0
    cues: list[str] = []

    def add(points: int, match: re.Match[str] | None, label: str | None = None) -> None:
        nonlocal score
        if match is not None:
            score += points
            cues.append(label or match.group(0).strip())

    if TOC_LINE.search(sentence):
        return Verdict(VETO, ("inhoudstafel",))
    if NOT_APPLICABLE.search(text):
        return Verdict(VETO, ("niet van toepassing",))
    if EMPTY_FIELD.search(sentence):
        return Verdict(VETO, ("leeg invulveld",))
    party = PARTY.search(text) or ADDRESSEE.search(text)
    lead = LABEL_PREFIX.match(text)  # "Beoordeling en verificatie: de aanvrager legt ..."
    subject = party is not None and (
        party.start() - (lead.end() if lead else 0) <= SUBJECT_REACH or INVERTED.search(text) is not None
    )
    deliverable = DELIVERABLE.search(text)
    modal = MODAL.search(text)
    needs = NEEDS.search(text)
    action = ACTION.search(text)
    permissive = PERMISSIVE.search(text)
    guidance = BUYER_GUIDANCE.search(text)
    imperative = None if guidance else IMPERATIVE.search(text)
    add(3, SCORED.search(text))
    add(3, LEAD_IN.search(text))
    add(3, RESERVED.search(text))
    add(2, REQUIREMENT_LABEL.search(text))
    if party and modal:
        add(3, party, f"{party.group(0)} … {modal.group(0)}")
    elif subject and not permissive:
        # bestek language: the contractor as subject in the present tense states a duty
        add(3, party, f"{party.group(0)} … {(action or needs or party).group(0)}")  # type: ignore[union-attr]
    elif (goods := GOODS_SUBJECT.search(text)) and not OTHER_SUBJECT.search(text):
        add(3, goods, f"{goods.group(0).strip()} (eis aan de levering)")
    elif deliverable and (modal or needs or action) and not permissive:
        add(3, deliverable, f"{deliverable.group(0)} … {(modal or needs or action).group(0)}")  # type: ignore[union-attr]
    elif party and action:
        add(2, party, f"{party.group(0)} … {action.group(0)}")
    elif PROHIBITION.search(text):
        add(3, PROHIBITION.search(text))
    elif modal or needs:
        add(1, modal or needs)
    add(1, EQUIVALENT.search(text))
    add(3, imperative)
    add(2, THRESHOLD.search(text) or COMPARISON.search(sentence))
    points, label = heading_weight(section)
    if label:
        score += points
        cues.append(label)
    add(-4, guidance)
    add(-2, EXPLAIN.search(text))
    add(-1, EXAMPLE.search(text))
    add(-4, WISH.search(text), "een wens, geen eis")
    add(-4, REPORTED.search(text), "beschrijft een clausule")
    if not modal:
        add(-3, CONDITION.search(text), "voorwaarde, geen verplichting")
    if not party and not imperative:
        add(-2, POLICY.search(text))
        add(-2, OTHER_SUBJECT.search(text))
    stripped = PLACEHOLDER.sub(" ", text)
    if len(stripped.split()) < 4 and not SCORED.search(text):
        score -= 3
        cues.append("te kort of enkel invulveld")
    return Verdict(score, tuple(cues))
