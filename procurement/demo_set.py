"""The real-size demo of the first start: some fifty example bestekken built from the catalogue's own clauses (pure)."""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from datetime import date, timedelta

from docx import Document as new_docx
from docx.shared import Pt

from procurement.catalogue import Catalogue, Criterion, ProductGroup
from procurement.review import AAN_TE_PASSEN, CONCEPT, GOEDGEKEURD, TER_CONTROLE

SET_SIZE = 48
QUARTERS = 8  # the monitor's trend: the last two years
SEED = 12  # the same catalogue and day give the same set

# The city's departments as the demo's managed list, and which of them buy each product group.
DEPARTMENTS: tuple[str, ...] = (
    "Facilitair beheer", "Openbaar domein", "Mobiliteit en wagenpark", "ICT", "Onderwijs en kinderopvang",
    "Patrimonium", "Cultuur en evenementen", "Personeel en organisatie",
)
BUYERS: dict[str, tuple[str, ...]] = {
    "office-supplies": ("Facilitair beheer", "Onderwijs en kinderopvang"),
    "copiers-paper": ("Facilitair beheer", "ICT"),
    "sanitary-supplies": ("Facilitair beheer", "Onderwijs en kinderopvang"),
    "vehicles": ("Mobiliteit en wagenpark",),
    "cleaning-services": ("Facilitair beheer", "Patrimonium"),
    "green-maintenance": ("Openbaar domein",),
    "coffee-vending": ("Facilitair beheer", "Personeel en organisatie"),
    "work-clothing": ("Personeel en organisatie", "Openbaar domein"),
    "lighting": ("Cultuur en evenementen", "Openbaar domein"),
    "ict-hardware": ("ICT",),
    "catering": ("Onderwijs en kinderopvang", "Cultuur en evenementen"),
    "building-works": ("Patrimonium",),
    "furniture": ("Onderwijs en kinderopvang", "Facilitair beheer"),
}
SUBJECTS: dict[str, str] = {
    "office-supplies": "de levering van kantoorbenodigdheden voor de stadsdiensten",
    "copiers-paper": "de huur en het onderhoud van multifunctionele printers en de levering van papier",
    "sanitary-supplies": "de levering van sanitaire verbruiksgoederen voor de stadsgebouwen",
    "vehicles": "de aankoop van elektrische dienstvoertuigen",
    "cleaning-services": "de schoonmaak van stadsgebouwen",
    "green-maintenance": "het pesticidenvrij onderhoud van parken, pleinen en begraafplaatsen",
    "coffee-vending": "de plaatsing en het onderhoud van koffie- en drankautomaten",
    "work-clothing": "de levering van werkkleding voor de technische diensten",
    "lighting": "de huur, plaatsing en het onderhoud van feestverlichting",
    "ict-hardware": "de levering van laptops, schermen en dockingstations",
    "catering": "de levering van maaltijden voor scholen en kinderopvang",
    "building-works": "de renovatie van een stedelijk gebouw",
    "furniture": "de levering van schoolmeubilair en bureaustoelen",
}
HEADINGS: dict[str, str] = {
    "selectie": "2. Kwalitatieve selectie",
    "technische-specificaties": "3. Technische specificaties",
    "gunningscriteria": "4. Gunningscriteria",
    "uitvoeringsvoorwaarden": "5. Bijzondere uitvoeringsvoorwaarden",
    "administratieve-bepalingen": "6. Administratieve bepalingen",
}
# ordinary contract text under each heading, so a clause is never the only thing in its part
FILLER: dict[str, str] = {
    "selectie": "De inschrijver toont zijn technische bekwaamheid aan met een lijst van ten minste drie "
                "gelijkaardige opdrachten uit de voorbije drie jaar.",
    "technische-specificaties": "De opdrachtnemer voert de opdracht uit volgens de planning in bijlage en de "
                                "regels van goed vakmanschap.",
    "gunningscriteria": "De opdracht wordt gegund aan de economisch meest voordelige offerte. Prijs: 60 punten.",
    "uitvoeringsvoorwaarden": "De opdrachtnemer stelt een vaste contactpersoon aan voor de hele duur van de "
                              "opdracht.",
    "administratieve-bepalingen": "De opdrachtnemer factureert maandelijks; de betaling gebeurt binnen dertig "
                                  "dagen na ontvangst van een regelmatige factuur.",
}


@dataclass(frozen=True, slots=True)
class ExampleTender:
    """One example bestek: who buys what when, how far its review went, and which clauses it holds."""

    number: int
    title: str
    reference: str
    department: str
    group: str  # product group id
    subject: str
    created: date
    state: str  # the review state the seed brings it to
    clauses: tuple[tuple[str, str], ...]  # (section, clause text) in catalogue order
    omitted: tuple[str, ...]  # criterion ids left out
    shortened: tuple[str, ...]  # criterion ids given only their first sentence (a partial clause)


def quarter_start(day: date, back: int) -> date:
    """The first day of the quarter `back` quarters before the one holding `day`."""
    index = day.year * 4 + (day.month - 1) // 3 - back
    return date(index // 4, (index % 4) * 3 + 1, 1)


def example_tenders(catalogue: Catalogue, today: date, size: int = SET_SIZE) -> tuple[ExampleTender, ...]:
    """`size` example bestekken over the last two years, later ones more complete (the trend improves)."""
    rng = random.Random(SEED)
    groups = [g for g in catalogue.product_groups if g.id in BUYERS]
    examples = []
    for number in range(1, size + 1):
        group = groups[(number - 1) % len(groups)]
        back = QUARTERS - 1 - (number - 1) * QUARTERS // size  # oldest first, six a quarter
        start = quarter_start(today, back)
        end = min(today, quarter_start(today, back - 1) - timedelta(days=1)) if back else today
        created = start + timedelta(days=rng.randrange((end - start).days + 1))
        progress = (QUARTERS - 1 - back) / (QUARTERS - 1)  # 0 two years ago, 1 this quarter
        clauses, omitted, shortened = _choose_clauses(catalogue, group, rng, progress)
        department = rng.choice(BUYERS[group.id])
        examples.append(ExampleTender(
            number=number,
            title=f"{SUBJECTS[group.id][0].upper()}{SUBJECTS[group.id][1:]} {created.year}-{created.year + 3}",
            reference=f"VB-{created.year}/{100 + number:03d}",
            department=department, group=group.id, subject=SUBJECTS[group.id], created=created,
            state=_state(rng, back), clauses=clauses, omitted=omitted, shortened=shortened,
        ))
    return tuple(examples)


def _choose_clauses(
    catalogue: Catalogue, group: ProductGroup, rng: random.Random, progress: float
) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...], tuple[str, ...]]:
    """Every applicable clause, less what this buyer forgot: a careful bestek (more of them lately) holds every
    essential clause; the others lack one to three essentials and more of the rest."""
    applicable: list[Criterion] = [c for c in catalogue.criteria if not c.retired and c.applies_to([group.id])]
    careful = rng.random() < 0.2 + 0.5 * progress
    essentials = [c.id for c in applicable if c.essential]
    forgotten = set() if careful or not essentials else set(
        rng.sample(essentials, min(len(essentials), rng.randint(1, 3))))
    rest_rate = 0.15 if careful else 0.45 - 0.2 * progress
    clauses, omitted, shortened = [], [], []
    for criterion in applicable:
        if criterion.id in forgotten or (not criterion.essential and rng.random() < rest_rate):
            omitted.append(criterion.id)
            continue
        text = criterion.clause.strip()
        if rng.random() < 0.12:  # written down in half: its first sentence only
            first = text.split(". ")[0].rstrip(".") + "."
            if first != text:
                text = first
                shortened.append(criterion.id)
        clauses.append((criterion.section, text))
    return tuple(clauses), tuple(omitted), tuple(shortened)


def _state(rng: random.Random, back: int) -> str:
    """Older bestekken were mostly reviewed and approved; recent ones are often still a concept or waiting."""
    weights = (2, 1, 6, 1) if back >= 3 else (4, 4, 2, 1)
    return rng.choices((CONCEPT, TER_CONTROLE, GOEDGEKEURD, AAN_TE_PASSEN), weights)[0]


def build_bestek(example: ExampleTender, group: ProductGroup) -> bytes:
    """The example as a real .docx: object and CPV code, the clauses under their parts, ordinary contract text."""
    doc = new_docx()
    doc.styles["Normal"].font.size = Pt(11)
    doc.sections[0].header.paragraphs[0].text = f"Stad Voorbeeld — {example.department}"
    doc.add_heading(f"Bestek: {example.title}", level=0)
    doc.add_paragraph(f"Referentie {example.reference} — opdrachtdocumenten voor een openbare procedure.")
    doc.add_heading("1. Voorwerp van de opdracht", level=1)
    doc.add_paragraph(f"Deze opdracht betreft {example.subject} ({group.name.lower()}).")
    doc.add_paragraph(f"CPV-code: {group.cpv[0].ljust(8, '0')}.")
    for section, heading in HEADINGS.items():
        doc.add_heading(heading, level=1)
        doc.add_paragraph(FILLER[section])
        for clause_section, text in example.clauses:
            if clause_section == section:
                for paragraph in text.split("\n\n"):
                    doc.add_paragraph(" ".join(paragraph.split()))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
