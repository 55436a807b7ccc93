"""The words that tell a requirement from a mention, as regular expressions on folded text (pure).

Who is bound (PARTY, DELIVERABLE, GOODS_*), how (MODAL, NEEDS, ACTION, PROHIBITION), what scores or labels a
requirement (SCORED, REQUIREMENT_LABEL), and what rules a sentence out or weakens it (NOT_APPLICABLE, POLICY,
BUYER_GUIDANCE, EXPLAIN ...). The rules of `cue_rules` combine them; `cues.judge` scores a sentence.
"""

from __future__ import annotations

import re


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


NUMBERING = r"^\W*(?:(?:\d+(?:\.\d+)*|[a-z])[.)]\s*)?"  # "2. ", "7.1 ", "b) " before a sentence
PARTY = _rx(
    r"\b(?:inschrijvers?|opdrachtnemers?|(?:hoofd|onder)?leveranciers?|toeleveranciers?|(?:onder)?aannemers?|"
    r"dienstverleners?|kandidaa?t(?:en)?|aanvragers?|contractant(?:en)?|opdrachthouders?|bieders?|gegadigden?|"
    r"inschrijvende|uitvoerders?|cateraars?|organisatoren|organisator|exploitant(?:en)?|aanbieders?|"
    r"opdrachtnemende|wederpartij|"
    r"fabrikant(?:en)?|installateurs?|ondernemers?|economische operatoren|economische operator|"
    r"(?:potentiele )?opdrachtnemer|firma|onderneming|dienstverlenende onderneming|"
    r"hij)\b"  # "hij" in a bestek is the contractor of the sentence before: "... laat hij inzamelen"
)
MODAL = _rx(
    r"\b(?:moet|moeten|dient|dienen|zal|zullen|verbindt zich|verbinden zich|is verplicht|zijn verplicht|"
    r"verplicht(?:en)? zich|is gehouden|zijn gehouden|is verantwoordelijk|zijn verantwoordelijk|draagt zorg|"
    r"dragen zorg|zorgt (?:er ?voor|dat)|zorgen (?:er ?voor|dat)|staat in voor|staan in voor|garandeert|"
    r"garanderen|waarborgt|verzekert|mag geen|mogen geen|mag niet|mogen niet|is niet toegelaten|"
    r"zijn niet toegelaten|is verboden|zijn verboden|is uitgesloten|committeert(?: \w+)? zich|"
    r"committeren(?: \w+)? zich|"
    r"mag (?:alleen|enkel|uitsluitend)|mogen (?:alleen|enkel|uitsluitend)|wordt gevraagd|worden gevraagd)\b"
)
ACTION = _rx(
    r"\b(?:levert|leveren|legt|leggen|toont|tonen|bezorgt|bezorgen|overhandigt|respecteert|respecteren|"
    r"leeft|leven|neemt|nemen|houdt zich|houden zich|beschikt|beschikken|is in het bezit|zijn in het bezit|"
    r"past|passen|gebruikt|gebruiken|voorziet|voorzien|stelt|stellen|besteedt|besteden|volgt|verwerkt|"
    r"verwerken|recupereert|herneemt|neemt terug|vermeldt|vermelden|rapporteert|rapporteren|beperkt|voegt|voegen|"
    r"beperken|biedt|bieden|verstrekt|verstrekken|hanteert|hanteren|voldoet|voldoen|realiseert|realiseren|"
    r"zorgt voor|zorgen voor)\b"
)
NEEDS = _rx(
    r"\b(?:moet|moeten|dient|dienen|verplicht|verplichte|vereist|vereiste|minimaal|minstens|ten minste|"
    r"tenminste|maximaal|maximum|minimum|uitsluitend|enkel|niet meer dan|niet minder dan|zijn gecertificeerd|"
    r"is gecertificeerd|dragen|draagt|voldoen aan|voldoet aan|gelden volgende|geldt)\b"
)
_NUMBER = r"(?<!\d)\d++(?:[.,]\d++)?+(?!\s*(?:kalender|werk)?dagen\b)"  # a whole number, not a term in days
THRESHOLD = _rx(
    r"\b(?:minimaal|minstens|ten minste|tenminste|maximaal|maximum|minimum|niet meer dan|niet hoger dan|"
    r"niet lager dan|ten hoogste|hoogstens)\b[^.]{0,40}(?:" + _NUMBER + "|"
    # a number in words only for a duration or a share: "ten minste vijf jaar", "minstens twintig procent"
    r"\b(?:twee|drie|vier|vijf|zes|zeven|acht|negen|tien|twaalf|vijftien|twintig|dertig|veertig|vijftig|honderd)"
    r"\s+(?:jaar|jaren|maanden|procent)\b)|"
    # a comparison with a number that is not a year: "een GWP lager dan 150" (not "een bouwjaar lager dan 1990")
    r"\b(?:lager|hoger|minder) dan\b[^.]{0,40}?(?!(?:19|20)\d\d\b)" + _NUMBER
)
# Belgian bestek language: "... mee te voorzien door aannemer", "uit te voeren door de opdrachtnemer"
TO_PROVIDE = _rx(
    r"(?<!niet )(?<!niet mee )\b(?:te voorzien|uit te voeren|te leveren|te plaatsen|te installeren|aan te leggen) "
    r"door (?:de )?(?:aannemer|opdrachtnemer|leverancier|installateur)\b"
)
# the buyer demands it: "De aanbestedende overheid eist dat ...", "De stad vereist dat ..."
DEMANDS = r"(?:eist|vereist|verlangt|legt op) dat\b"
BUYER_DEMANDS = _rx(
    r"\b(?:aanbestedende (?:overheid|dienst|entiteit)|aanbesteder|opdrachtgever|stad|gemeente|bestuur) " + DEMANDS
)
# the buyer is the subject: "De aanbestedende overheid behandelt de inschrijvers gelijk" (what it does, not a duty
# of the bidder, even though a verb stands before "de inschrijvers")
BUYER_SUBJECT = _rx(
    r"\W*(?:(?:\d+(?:\.\d+)*[.)]?|[a-z][.)]|art(?:ikel)?\.? ?\d+(?:\.\d+)*[.)]?)\s+)?"
    r"(?:de |het )?(?:aanbestedende (?:overheid|dienst|entiteit|organisatie)|aanbesteder|opdrachtgever|"
    r"stad|gemeente|bestuur|college|aankoper|koper|administratie)\b(?! " + DEMANDS + ")"
)
# "... moet worden aangetoond dat ...": a duty without its party, binding only where a heading says it is a requirement
PASSIVE_DUTY = _rx(
    r"\b(?:moet|moeten|dient|dienen) (?:te )?worden (?:aangetoond|aangeleverd|voorgelegd|bezorgd|gegarandeerd|"
    r"nageleefd|voldaan|gerespecteerd|gewaarborgd)\b|"
    r"\b(?:moet|moeten|dient|dienen) (?:[a-z]+ ){0,6}?(?:aangetoond|gewaarborgd|gegarandeerd) (?:te )?worden\b"
)
COMPARISON = re.compile(r"[<>≤≥]\s*\d")
LEAD_IN = _rx(
    r"\b(?:gelden|geldt|volgende)\b.{0,40}\b(?:vereisten|eisen|voorwaarden|verplichtingen|minimumeisen)\b|"
    r"\b(?:vereisten|eisen|voorwaarden|verplichtingen)\b.{0,30}\b(?:gelden|geldt|zijn van toepassing)\b"
)
PROHIBITION = _rx(
    r"\b(?:is|zijn|wordt|worden) (?:verboden|niet toegestaan|niet toegelaten|uitgesloten)\b|"
    r"\b(?:mag|mogen) (?:geen|niet)\b|"
    # a ban in the passive: "Bij het onderhoud worden geen chemische bestrijdingsmiddelen gebruikt"
    r"\b(?:wordt|worden) (?:er )?(?:geen|nooit)\b(?:(?!\b(?:die|dat|welke|waar)\b)[^.;:,]){0,80}?"
    r"\b(?:gebruikt|toegepast|ingezet|aangewend|verwerkt|gestort|verbrand)\b|"
    r"\b(?:is|zijn) (?:het |de )?(?:opdrachtnemers?|inschrijvers?|leveranciers?|aannemers?|dienstverleners?) "
    r"verboden\b|"
    r"\b(?:mag|mogen)\b[^.;:]{0,60}?\bniet (?:overschrijden|overschreden worden|hoger zijn|meer bedragen|lager zijn|"
    r"minder bedragen)\b"
)
# only this is allowed, in the passive: "Er worden uitsluitend inheemse soorten aangeplant"
RESTRICTED = _rx(r"\b(?:wordt|worden) (?:er )?(?:uitsluitend|enkel|alleen|slechts) [a-z]")
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
    r"\b(?:wordt|worden)(?: (?:dit|dat|het|deze|die))? (?:hoger|positief|positiever|extra|beter|meer) "
    r"(?:gewaardeerd|beoordeeld|gescoord)|"
    r"\bhoe hoger de (?:score|waardering|beoordeling)\b|\blevert (?:extra |meer )?punten op\b|"
    r"\bpunten (?:worden |wordt )?toegekend\b|\b(?:worden|wordt) (?:\w+ ){0,3}punten toegekend\b|"
    r"\bkent (?:\w+ ){0,4}punten toe\b|\bbij de (?:beoordeling|evaluatie|quotering) (?:van [a-z ]{1,40})?wordt "
    r"rekening gehouden met\b|"
    r"\bgunningscriteri|\bweging\b|\(\s*(?:eis|wens|minimumeis|knock ?out)\s*\)|"
    # the Dutch EMVI: a quality score turned into a fictitious discount on the price
    r"\bfictieve (?:korting|kortingen|aftrek|inschrijvingssom|inschrijvingsprijs)\b|"
    # a scoring formula: "(A) % herbruikbaar ... (B) % ... Formule: (2A + B) / 3", "score = (2a + b) / 3"
    r"\([a-z]\)[^.]{0,300}\b(?:score)?formule\s*:\s*$|"
    r"\b(?:(?:score)?formule|score)\s*[:=]\s*\(?\s*\d*\s*[a-z]\s*[-+*/x]\s*\d*\s*[a-z]\b|"
    r"\b(?:telt|tellen|weegt|wegen) (?:mee )?voor \d+(?:[.,]\d+)?\s*(?:%|procent)|"
    r"\b(?:telt|tellen|weegt|wegen) (?:voor )?\d+(?:[.,]\d+)?\s*(?:%|procent) mee\b"
)
IMPERATIVE = _rx(
    r"^(?:\W*\w+\W*\s)?(?:toon|geef|beschrijf|vermeld|lever|voeg|bezorg|licht(?=.{0,80}\btoe\b)|motiveer|specificeer|omschrijf|"
    r"leg|bewijs|overleg|verklaar|beschrijft|toont)\b"
)
# what a product can undergo: "een batterij die door de gebruiker kan worden vervangen" (a property, not a choice)
CAPABLE = (r"(?:vervangen|hersteld|gerepareerd|gedemonteerd|uitgebreid|hergebruikt|gerecycleerd|gerecycled|hervuld|"
           r"bijgevuld|geupgraded|opgewaardeerd|gescheiden|ontmanteld|gewassen|gecomposteerd)\b")
BUYER_GUIDANCE = _rx(
    r"\b(?:u|je|jij|men) (?:kan|kunt|kunnen|mag|zou|wil)\b|\bkunt u\b|\bkan je\b|\bkun je\b|\bdenk (?:ook )?aan\b|"
    r"\boverweeg\b|\bneem\b.{0,60}\b(?:mee|op) in (?:je|uw|het|de) (?:bestek|lastenboek|aanbesteding|"
    r"opdrachtdocumenten|aanbestedingsdocumenten)|"
    # an order to the buyer about the bidders: "Geef inschrijvers het gunningsvoordeel ...", "Vraag de inschrijver ..."
    r"^\W*(?:geef|vraag|laat|bepaal|gun|controleer|beoordeel|selecteer|beloon)\s+(?:bij\s+)?"
    r"(?:de |het |alle |elke |een )?(?:inschrijvers?|kandidaa?t(?:en)?|opdrachtnemers?|leveranciers?|offertes?|"
    r"aanbieders?)\b|"
    r"\baanbestedende (?:overheid|dienst|organisatie|instantie|overheden|diensten) (?:kan|kunnen|mag|mogen|"
    r"heeft|hebben)\b|\bhet is mogelijk\b|\bis het mogelijk\b|\bkunnen (?:worden )?(?:opgenomen|geintegreerd|"
    r"toegepast|gebruikt|voorbehouden)\b|\bop vrijwillige basis\b|\bvrijwillig instrument|"
    r"\b(?:heeft|hebben) de (?:mogelijkheid|keuze)\b|\bkan (?:worden(?! " + CAPABLE + r")|gekozen|overwegen)\b|"
    r"\bwordt aanbevolen\b|\bwe raden\b|\bin je bestek\b|\btip\b"
)
POLICY = _rx(
    r"\b(?:streeft|streven|ambieert|ambitie|ambities|beoogt|beogen|tracht|trachten|doelstelling|doelstellingen|"
    r"engagement|visie|beleid|beleidsplan|inkoopbeleid|aankoopbeleid|wil de stad|wil de gemeente|"
    r"willen we|we willen|wij willen|uitgangspunt)\b"
)
# the goods as subject of a specification: "Het product moet ...", "De geleverde toestellen dienen ...", "Alle
# armaturen mogen geen ..." (the contractor's deliverable stands for the contractor)
SHARE = r"voor (?:\d+(?:[.,]\d+)?\s*(?:%|procent)|[a-z]+ procent) |volledig |geheel |uitsluitend |integraal "
GOODS_SUBJECT = _rx(
    NUMBERING + r"(?:[^:]{0,40}:\s*)?(?:(?:het|de|alle|elk|elke|ieder|iedere|een|er)\s+(?:[^\s.;:]+\s+){0,8}?|"
    r"[a-z]{4,}(?:en|s)\s+(?:[^\s.;:]+\s+){0,2}?)"  # or a plural without article: "Reserveonderdelen moeten ..."
    r"(?:moet|moeten|dient|dienen|mag geen|mogen geen|mag niet|mogen niet)\b"
)
# ... in the present tense, where a label or heading says it is a requirement: "Eis: Alle producten dragen ..."
GOODS_STATED = _rx(
    NUMBERING + r"(?:[^:]{0,40}:\s*)?(?:het|de|alle|elk|elke|ieder|iedere)\s+(?:[^\s.:]+\s+){0,8}?"
    r"(?:(?:voldoet|voldoen|draagt|dragen|bevat|bevatten|bestaat|bestaan|is voorzien|zijn voorzien|heeft|hebben|"
    r"is vervaardigd|zijn vervaardigd|is uitgevoerd|zijn uitgevoerd|wordt uitgevoerd|worden uitgevoerd|"
    r"is|zijn) (?!(?<=\bis )(?:een|het|de)\b)(?!(?<=\bzijn )(?:een|het|de)\b)"  # "X is het ...": a definition
    r"(?:(?:aan|uit|van|in|een|het|de|geen|minstens|ten minste|minimaal|maximaal|"
    r"niet hoger dan|niet meer dan|niet lager dan|niet minder dan|ten hoogste|hoogstens|lager dan|hoger dan|"
    r"minder dan|"
    r"(?:[a-z0-9]+(?:- | |-)){0,3}?gecertificeerd|niet (?:ingedeeld|ge[a-z]+[dt])|"
    r"vrij van (?:[a-z]+ ){0,2}(?:stoffen|chemicalien|pesticiden|pfas|ftalaten|parfum|kwik|lood|fosfaten|"
    r"oplosmiddelen|microplastics|biociden))\b|[0-9])|"
    # from a stated source, also for a share: "De elektriciteit is voor 100 % afkomstig uit hernieuwbare bronnen"
    r"(?:(?:is|zijn) (?:" + SHARE + r")?afkomstig |(?:komt|komen) (?:" + SHARE + r")?)(?:uit|van)\b|"
    r"(?:behoort|behoren) tot\b|"
    # an amount within a limit: "De formaldehyde-emissie ... bedraagt maximaal 8 mg" (not "bedraagt 50 %": a fact)
    r"(?:bedraagt|bedragen) (?:ten hoogste|hoogstens|maximaal|maximum|minimaal|minimum|ten minste|minstens|"
    r"niet (?:meer|hoger|minder|lager) dan|lager dan|hoger dan|minder dan)\b|"
    # a sustainability property: "De reinigingsmiddelen zijn biologisch afbreekbaar", "... is volledig recycleerbaar"
    r"(?:is|zijn) (?:volledig |geheel |100 procent |eenvoudig |gemakkelijk |makkelijk |afzonderlijk |apart )?"
    r"(?:biologisch afbreekbaar|recycleerbaar|herbruikbaar|herstelbaar|repareerbaar|composteerbaar|navulbaar|"
    r"demonteerbaar|vervangbaar|uitbreidbaar|energiezuinig)|"
    # equipped with: "De printer beschikt over een automatische duplexfunctie", "... zijn uitgerust met ..."
    r"(?:beschikt|beschikken) over\b|(?:is|zijn) (?:standaard )?uitgerust met\b)"
)
# ... or made in a way: "Het papier is gebleekt zonder elementair chloor", "De vis is gekweekt volgens ..."
GOODS_MADE = _rx(
    NUMBERING + r"(?:[^:]{0,40}:\s*)?(?:het|de|alle|elk|elke|ieder|iedere)\s+(?:[^\s.:]+\s+){0,8}?"
    r"(?:is|zijn|wordt|worden) (?:gebleekt|gekweekt|gevangen|geteeld|geoogst|geproduceerd|vervaardigd|gemaakt|"
    r"gewonnen|gelooid|geverfd|gecertificeerd|gelabeld|gereinigd|gewassen|gedrukt) "
    r"(?:zonder|met|volgens|op basis van|op)\b|"
    # grown or caught by whom: "Het product wordt geoogst bij kleine producenten" (not who prints or washes it)
    r"(?:is|zijn|wordt|worden) (?:geteeld|geoogst|gekweekt|gevangen|gewonnen) (?:bij|door)\b|"
    # designed or built in a way: "De meubelen zijn modulair opgebouwd en ...", "Het toestel is zo ontworpen dat ..."
    r"(?:is|zijn) (?:[a-z]+ )?(?:opgebouwd|ontworpen) (?:zodat|dat|om|met|uit|volgens|en|voor)\b|"
    # delivered in a stated state: "Alle toestellen worden geleverd met de energiebesparende instellingen actief",
    # "... worden geleverd in herbruikbare kratten" (not "met de vrachtwagen")
    r"(?:wordt|worden) (?:[a-z]+ )?geleverd (?:met|zonder) (?:de |het |een )?(?:[a-z-]+ ){0,2}?(?:instellingen?|"
    r"functies?|modus|standaardinstelling|slaapstand|energiebeheer)\b|"
    r"(?:wordt|worden) (?:[a-z]+ )?geleverd (?:in|zonder) (?:de |het |een )?(?:[a-z-]+ ){0,2}?(?:verpakking\w*|"
    r"kratten|bakken|dozen|containers)\b"
    # energy or goods produced from a stated source: "De elektriciteit wordt voor 100 % opgewekt uit ..."
    r"|(?:wordt|worden) (?:voor (?:\d+(?:[.,]\d+)?\s*(?:%|procent)|[a-z]+ procent) |volledig |uitsluitend )?"
    r"(?:opgewekt|geproduceerd|gewonnen) (?:uit|met|door)\b"
)
# a wish, or a clause reported rather than stated: "Idealiter neemt de leverancier ...", "Deze clausule stelt dat ..."
WISH = _rx(r"\b(?:idealiter|liefst|ideaal gezien|in het beste geval)\b")
REPORTED = _rx(
    r"^\W*(?:deze|die|de|dit|het|een) (?:[a-z]+ ){0,2}(?:stelt|bepaalt|betekent|houdt in|zegt|vraagt|verwacht) dat\b"
)
AWARD_LABEL = _rx(r"^\W*(?:gunning|gunningscriterium|wens)\b[^:]{0,30}:")
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
# "voorbehouden aan" (Flemish), "gereserveerd voor" (Brussels, Dutch), "voorbehouden in het kader van programma's
# voor beschermde arbeid" (the EU notice)
RESERVED_FOR = r"\b(?:voorbehouden|gereserveerd) (?:aan|voor|in het kader van)\b"
# the reservation itself: "Deze opdracht / Perceel 3 / De deelname aan deze opdracht is voorbehouden aan ...",
# not a description of one ("de vermelding dat het gaat om een opdracht die is voorbehouden aan ...")
RESERVED = _rx(
    r"^\W*(?:(?:\d+(?:\.\d+)*|[a-z])[.)]\s*)?(?:[^:]{0,40}:\s*)?(?:deze|de|dit|het|elk|elke|alle)?\s*"
    r"(?:deelname|deelneming|overheidsopdracht|opdracht|opdrachten|perceel|percelen|lot|loten|raamovereenkomst)\b[^.;]{0,60}?\b(?:is|zijn|wordt|worden)\b"
    r"[^.;]{0,80}?" + RESERVED_FOR + "|"
    # "In toepassing van artikel 15 ..., wordt deze opdracht voorbehouden aan ..."
    r"\b(?:is|zijn|wordt|worden) (?:deze|de|dit|het) (?:overheidsopdracht|opdracht|perceel|percelen|lot|loten|"
    r"raamovereenkomst)\b[^.;]{0,40}?" + RESERVED_FOR
)
INVERTED = re.compile(r"\b[a-z]+t (?:de|het) (?=(?:[a-z]+ )?" + PARTY.pattern[2:] + ")")
EXPLAIN = _rx(
    r"\b(?:ter informatie|toelichting|wordt verstaan|verstaan onder|wordt gedefinieerd|"
    r"definitie|is opgericht|werd opgericht|volgens de wet|de wet bepaalt|de wet voorziet|wet schrijft|"
    r"vloeien .{0,30}voort|voortvloeien|zijn goedgekeurd als|is goedgekeurd|"
    r"de wet (?:verplicht|bepaalt|voorziet|schrijft)|"
    r"keurmerk kent|het keurmerk|het label staat|dit label|staat voor|is een (?:label|keurmerk|norm)|aangezien|"
    r"er is geen consensus|besloten is|in overleg met|geschiedt|laat toe|laten toe|staat toe|"
    r"biedt de mogelijkheid|maakt het mogelijk|de aandacht van|wordt gevestigd op|wordt gewezen op)\b|"
    # what a choice is good for, or what most products are like: an explanation, not a requirement
    r"\b(?:is|zijn) (?:veel |heel |ook |dus )?(?:beter|slechter|goed|gunstiger|schadelijk|schadelijker|nadelig) "
    r"voor (?:het|de|onze) (?:klimaat|milieu|gezondheid|natuur|biodiversiteit|planeet)\b|"
    r"\bverlengt de levensduur\b|\b(?:de meeste|doorgaans|meestal|in de regel)\b"
)
# the situation today, not what the contract requires: "De huidige leverancier laat ... uitvoeren door ..."
CURRENT = _rx(
    r"\b(?:huidige|vorige|voormalige|uittredende) (?:leverancier|leveranciers|opdrachtnemer|contractant|"
    r"dienstverlener|aannemer|situatie|contract|overeenkomst|raamovereenkomst)\b|\bmomenteel\b|\bop dit moment\b|"
    # what exists is described: "De bestaande spouwmuur heeft een R-waarde van 0,5" (not "De bestaande ramen worden
    # vervangen door ...")
    r"\b(?:de|het) bestaande (?:[a-z]+ ){1,2}?(?:heeft|hebben|is|zijn|bevat|bevatten|bestaat|bestaan)\b"
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
    r"\bniet van toepassing\b|\bn\s?v\s?t\b|\bniet toepasselijk\b|\bgeen toepassing\b|\bvervalt\b(?! aan\b)|"
    r"\bwordt niet (?:opgenomen|toegepast|gevraagd)\b|\bzijn geen\b.{0,40}\b(?:opgenomen|van toepassing)\b|"
    r"\bniet (?:mee )?te (?:voorzien|leveren|plaatsen|installeren)\b|\bniet in (?:deze|de) opdracht\b"
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
    r"contractuele bepalingen|beschrijving|omschrijving|opdracht|prestaties|prestatie-eisen|karakteristieken|"
    r"uitvoering|materialen|social return|kwalitatieve|(?<!niet-)(?<!niet )verplichte (?:[a-z]+ )?(?:onderdelen|"
    r"elementen))\b"
)
# a header cell, the whole cell, of a table column that holds requirements: "Onderdeel | Minimumeis",
# "Kenmerk | Gevraagde waarde" (not "Gevraagde hoeveelheid", "Verplichte datum", "Vereisten van het label")
REQUIREMENT_COLUMN = _rx(
    r"(?:technische |minimale |minimum )?(?:eis|eisen|minimumeis|minimumeisen|vereiste|vereisten|minimumvereiste|"
    r"minimumvereisten|gevraagd|gevraagde waarde|gevraagde waarden|specificatie|specificaties)"
)
# ... unless the table is a form the bidder fills in: "Kenmerk | Gevraagd | Aangeboden (in te vullen ...)"
BIDDER_COLUMN = _rx(r"\b(?:aangeboden|aanbod|in te vullen|antwoord|voorstel|opmerkingen van de inschrijver)\b")
HEADER_CELL_WORDS = 4  # a header cell is a label
# a cell that only says its row does not apply: "n.v.t.", "niet van toepassing", "vervalt"
NOT_APPLICABLE_CELL = re.compile(r"^\W*(?:niet van toepassing|n\W?v\W?t|vervalt|vervallen)\W*$")
INFO_HEADING = _rx(
    r"\b(?:toelichting|achtergrond|situering|inleiding|context|ter informatie|wettelijk kader|definities|"
    r"begrippen|beleid|beleidskader|visie|motivering|overwegingen|inhoudstafel|inhoudsopgave|"
    r"samenvatting|voorwoord|historiek|bijlagen|niet[- ]verplicht\w*|facultatie\w*)\b"
)
# What a clause of a kind always shows somewhere (in its text or headings): an award criterion is scored, a
# reserved contract reserves. Without it, the clause is another kind's (a requirement, not a criterion scored).
KIND_MARKS: dict[str, tuple[str, re.Pattern[str]]] = {
    "award-criterion": (
        "geen gunningscriterium (geen punten, weging of score)",
        _rx(SCORED.pattern + r"|\bgunningscriteri|\bgunning\b|\bbeoordelingscriteri|\bscore\b|\bgescoord|\bpunten\b"),
    ),
    "reserved-contract": (
        "geen voorbehouden opdracht",
        _rx(
            r"\b(?:is|zijn|wordt|worden)\b[^.;]{0,80}?" + RESERVED_FOR + "|"
            r"\b(?:voorbehouden|gereserveerde) (?:opdracht|perceel|overheidsopdracht)\b|\bgereserveerd perceel\b"
        ),
    ),
}
