"""The labelled benchmark corpus: bestek-like documents with catalogue clauses placed, removed and only mentioned.

`build(catalogue, seed)` places every variant of every sampled criterion (see `benchmarks.variants`) into
documents of administrative filler, traps beside unrelated clauses, and makes "removed" twins: the same
document without one clause. `build_groups(catalogue, seed)` makes documents that reveal their product group
by a CPV code, the subject of the contract or words only. Everything is deterministic for a seed.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from benchmarks.filler import PARTS, SECTIONS, TABLES, TITLES, Section
from benchmarks.render import Heading, Paragraph, Part, Table, to_docx, to_pdf
from benchmarks.variants import (
    CONTENTS,
    CONTEXT,
    INFO,
    OWN_HEADING,
    PARTIAL,
    POSITIVE_KINDS,
    REMOVED,
    TRAP_KINDS,
    PhraseOracle,
    Placement,
    Variants,
)
from procurement.catalogue.model import Catalogue, Criterion, ProductGroup
from procurement.matching.phrases import PhraseIndex
from procurement.text import tokens

CITIES = ("Gent", "Mechelen", "Leuven", "Kortrijk", "Hasselt", "Genk", "Aalst", "Roeselare", "Turnhout", "Oostende")
SECTION_TITLES: dict[str, tuple[str, ...]] = {
    "administratieve-bepalingen": ("Algemene bepalingen", "Bijzondere administratieve bepalingen"),
    "selectie": ("Kwalitatieve selectie", "Selectiecriteria", "Technische en beroepsbekwaamheid"),
    "technische-specificaties": ("Technische specificaties", "Technische bepalingen", "Minimumeisen"),
    "gunningscriteria": ("Gunningscriteria", "Beoordeling van de offertes"),
    "uitvoeringsvoorwaarden": (
        "Bijzondere uitvoeringsvoorwaarden",
        "Uitvoeringsbepalingen",
        "Verplichtingen van de opdrachtnemer",
    ),
}
INFO_TITLES = ("Inleiding", "Situering van de opdracht", "Toelichting", "Context en doelstellingen", "Wettelijk kader")
MAX_POSITIVES = 3  # clauses (met or partial) in one document
MAX_TRAPS = 3
PDF_TRAP_SHARE = 0.25  # traps that go into PDF documents


@dataclass(frozen=True, slots=True)
class Label:
    """What the checker should report for one criterion in one document."""

    criterion: str
    theme: str
    kind: str  # a positive kind, "partial", "removed", a trap kind, or "context" (not scored)
    expected: str  # "met" | "partial" | "missing"
    missing: tuple[str, ...] = ()
    detail: str = ""
    section: str | None = None  # the heading the text stands under


@dataclass(frozen=True, slots=True)
class CorpusDocument:
    name: str
    format: str  # "docx" | "pdf"
    parts: tuple[Part, ...]
    header: str
    labels: dict[str, Label]
    placements: tuple[Placement, ...] = ()  # what was placed (for locating the evidence)
    group: str | None = None  # the product group the bestek is for

    def render(self) -> bytes:
        return to_docx(self.parts, self.header) if self.format == "docx" else to_pdf(self.parts, self.header)


@dataclass(frozen=True, slots=True)
class Corpus:
    documents: tuple[CorpusDocument, ...]
    skipped: dict[str, int] = field(default_factory=dict)  # variant kind -> criteria that do not allow it

    @property
    def cases(self) -> int:
        return sum(1 for d in self.documents for label in d.labels.values() if label.kind != CONTEXT)

    def write(self, folder: Path) -> list[Path]:
        """Write every document and labels.json into `folder`; return the document paths."""
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for document in self.documents:
            path = folder / document.name
            path.write_bytes(document.render())
            paths.append(path)
        labels = {d.name: {cid: asdict(label) for cid, label in sorted(d.labels.items())} for d in self.documents}
        (folder / "labels.json").write_text(json.dumps(labels, ensure_ascii=False, indent=1), encoding="utf-8")
        return paths


# --- placing clauses ---------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Bin:
    format: str
    group: str
    placements: list[Placement] = field(default_factory=list)
    names: set[str] = field(default_factory=set)  # criteria whose topic the placed texts name

    def positives(self) -> int:
        return sum(1 for p in self.placements if p.kind in POSITIVE_KINDS or p.kind == PARTIAL)

    def traps(self) -> int:
        return sum(1 for p in self.placements if p.kind in TRAP_KINDS)


@dataclass(frozen=True, slots=True)
class _Slot:
    heading: Heading | None
    before: tuple[Part, ...] = ()
    placement: Placement | None = None
    after: tuple[Part, ...] = ()

    def parts(self, removed: Placement | None = None) -> list[Part]:
        out: list[Part] = [self.heading] if self.heading else []
        out += self.before
        if self.placement is not None and self.placement is not removed:
            out += self.placement.parts
        return out + list(self.after)


def build(
    catalogue: Catalogue,
    seed: int = 0,
    criteria: int | None = None,
    positives: int | None = None,
    partials: int = 2,
    traps: int | None = None,
    removed: float = 1.0,
) -> Corpus:
    """Place clause variants and traps of the catalogue's criteria in labelled documents.

    `criteria` samples that many criteria (all by default); `positives` and `traps` sample that many positive
    variant kinds and trap kinds per criterion (all by default); `partials` partial variants per criterion;
    `removed` is the share of criteria that get a "removed" twin: a copy of a document without their clause.
    """
    rng = random.Random(seed)
    oracle = PhraseOracle(catalogue)
    variants = Variants(catalogue, oracle)
    chosen = sorted((c for c in catalogue.criteria if not c.retired), key=lambda c: c.id)
    if criteria is not None and criteria < len(chosen):
        chosen = sorted(rng.sample(chosen, criteria), key=lambda c: c.id)
    placements: list[Placement] = []
    skipped: dict[str, int] = {}
    for criterion in chosen:
        made, missed = _placements(criterion, variants, random.Random(f"{seed}:{criterion.id}"), positives,
                                   partials, traps)
        placements += made
        for kind in missed:
            skipped[kind] = skipped.get(kind, 0) + 1
    bins = _pack(placements, catalogue, oracle, rng)
    filler = _Filler(oracle)
    documents: list[CorpusDocument] = []
    twins: list[tuple[CorpusDocument, list[_Slot], Placement]] = []
    themes = {c.id: c.theme for c in catalogue.criteria}
    for number, box in enumerate(bins, start=1):
        slots = _compose(box, filler, catalogue, random.Random(f"{seed}:doc:{number}"))
        doc_rng = random.Random(f"{seed}:header:{number}")
        header = f"Stad {doc_rng.choice(CITIES)} – Bestek {2026}/{number:04d}"
        sections = _sections(slots)
        labels = {p.criterion: _label(p, themes, sections.get(id(p))) for p in box.placements}
        parts = tuple(part for slot in slots for part in slot.parts())
        document = CorpusDocument(f"doc-{number:04d}.{box.format}", box.format, parts, header, labels,
                                  tuple(box.placements), box.group)
        documents.append(document)
        for placement in box.placements:
            if removed and box.format == "docx" and placement.kind in POSITIVE_KINDS:
                twins.append((document, slots, placement))
    if removed:
        # one twin per criterion: the document of one of its positive variants, without that clause
        by_criterion: dict[str, list[tuple[CorpusDocument, list[_Slot], Placement]]] = {}
        for twin in twins:
            by_criterion.setdefault(twin[2].criterion, []).append(twin)
        ids = sorted(by_criterion)
        for cid in sorted(rng.sample(ids, round(removed * len(ids)))):
            document, slots, gone = rng.choice(by_criterion[cid])
            labels = {
                other: replace(label, kind=CONTEXT) if other != cid else
                Label(cid, themes[cid], REMOVED, "missing", (), f"uit {document.name} ({gone.kind})")
                for other, label in document.labels.items()
            }
            parts = tuple(part for slot in slots for part in slot.parts(removed=gone))
            kept = tuple(p for p in document.placements if p is not gone)
            name = document.name.replace("doc-", "twin-").replace(".docx", f"-{len(documents):04d}.docx")
            documents.append(CorpusDocument(name, "docx", parts, document.header, labels, kept, document.group))
    return Corpus(tuple(documents), skipped)


def _placements(
    criterion: Criterion,
    variants: Variants,
    rng: random.Random,
    positives: int | None,
    partials: int,
    traps: int | None,
) -> tuple[list[Placement], list[str]]:
    out: list[Placement] = []
    missed: list[str] = []
    kinds = list(POSITIVE_KINDS)
    rng.shuffle(kinds)
    wanted = len(kinds) if positives is None else positives
    for kind in kinds:
        if sum(1 for p in out if p.kind in POSITIVE_KINDS) >= wanted:
            break
        placement = variants.positive(criterion, kind, rng)
        if placement is None:
            missed.append(kind)
        else:
            out.append(placement)
    made = variants.partials(criterion, rng, partials) if partials else []
    if partials and not made:
        missed.append(PARTIAL)
    out += made
    trap_kinds = list(TRAP_KINDS)
    rng.shuffle(trap_kinds)
    for kind in trap_kinds[: len(trap_kinds) if traps is None else traps]:
        placement = variants.trap(criterion, kind, rng, rng.randint(5, 40))
        if placement is None:
            missed.append(kind)
        else:
            out.append(placement)
    return out, missed


def _label(placement: Placement, themes: dict[str, str], section: str | None) -> Label:
    return Label(placement.criterion, themes[placement.criterion], placement.kind, placement.expected,
                 placement.missing, placement.detail, section)


def _sections(slots: list[_Slot]) -> dict[int, str | None]:
    """The heading each placement stands under (by the placement's id)."""
    out: dict[int, str | None] = {}
    current: str | None = None
    for slot in slots:
        if slot.heading is not None:
            current = slot.heading.text
        if slot.placement is not None:
            first = slot.placement.parts[0] if slot.placement.parts else None
            out[id(slot.placement)] = first.text if isinstance(first, Heading) else current
    return out


def _pack(
    placements: list[Placement], catalogue: Catalogue, oracle: PhraseOracle, rng: random.Random
) -> list[_Bin]:
    """Fill one bestek per product group at a time with criteria that apply to it, so that no placed text
    names the topic of another criterion labelled in the same document."""
    order = list(placements)
    rng.shuffle(order)
    every = [g.id for g in catalogue.product_groups]
    bins: list[_Bin] = []
    for placement in order:
        names = oracle.topics(placement.texts)
        groups = catalogue.criterion(placement.criterion).product_groups or tuple(every)
        if placement.kind == "pdf":
            fmt = "pdf"
        elif placement.kind in TRAP_KINDS and rng.random() < PDF_TRAP_SHARE:
            fmt = "pdf"
        else:
            fmt = "docx"
        is_trap = placement.kind in TRAP_KINDS
        for box in bins:
            if box.format != fmt or box.group not in groups:
                continue
            if box.traps() >= MAX_TRAPS if is_trap else box.positives() >= MAX_POSITIVES:
                continue
            criteria = {p.criterion for p in box.placements}
            if placement.criterion in criteria or placement.criterion in box.names or names & criteria - {
                placement.criterion
            }:
                continue
            box.placements.append(placement)
            box.names |= names
            break
        else:
            bins.append(_Bin(fmt, rng.choice(groups), [placement], set(names)))
    return bins


class _Filler:
    """The filler bank with the criteria each paragraph names, to keep it away from labelled criteria."""

    def __init__(self, oracle: PhraseOracle) -> None:
        self.oracle = oracle
        self.sections = SECTIONS

    def section(self, section: Section, rng: random.Random, avoid: set[str], count: int) -> tuple[Paragraph, ...]:
        usable = [p for p in section.paragraphs if not self.oracle.topics([p]) & avoid]
        return tuple(Paragraph(p) for p in usable[: max(1, count)])

    def loose(self, rng: random.Random, avoid_topics: set[str], avoid_any: set[str]) -> Paragraph | None:
        """One filler paragraph naming no labelled topic and no phrase at all of `avoid_any`."""
        for _ in range(20):
            text = rng.choice(rng.choice(self.sections).paragraphs)
            if not self.oracle.topics([text]) & avoid_topics and not self.oracle.touched([text]) & avoid_any:
                return Paragraph(text)
        return None

    def table(self, rng: random.Random, avoid: set[str]) -> Table | None:
        rows = rng.choice(TABLES)
        if self.oracle.topics(cell for row in rows for cell in row) & avoid:
            return None
        return Table(rows)


def _compose(box: _Bin, filler: _Filler, catalogue: Catalogue, rng: random.Random) -> list[_Slot]:
    """The document around the placements: title, contents, articles of filler, the placed clauses and traps."""
    labelled = {p.criterion for p in box.placements}
    ref = f"{2026}/{rng.randint(10, 999):03d}"
    group = catalogue.product_group(box.group)
    slots: list[_Slot] = [_Slot(Heading(rng.choice(TITLES).format(ref=ref), 0))]
    subject = _subject(group, filler.oracle, labelled, rng)
    admin = rng.sample(list(SECTIONS), rng.randint(10, 13) if box.format == "pdf" else rng.randint(4, 7))
    articles: list[_Slot | Placement] = []
    for section in admin:
        paragraphs = filler.section(section, rng, labelled, rng.randint(1, 3))
        extra: tuple[Part, ...] = ()
        if rng.random() < 0.2:
            table = filler.table(rng, labelled)
            extra = (table,) if table else ()
        articles.append(_Slot(Heading(section.title), paragraphs + extra))
    contents = [p for p in box.placements if p.where == CONTENTS]
    articles += [p for p in box.placements if p.where != CONTENTS]
    rng.shuffle(articles)
    body: list[_Slot] = []
    toc: list[str] = []
    for number, item in enumerate(articles, start=1):
        if isinstance(item, _Slot):
            assert item.heading is not None
            title = f"Artikel {number} – {item.heading.text}"
            body.append(_Slot(Heading(title), item.before))
            toc.append(title)
        else:
            slot = _placement_slot(item, number, filler, labelled, catalogue.criterion(item.criterion), rng)
            body.append(slot)
            if slot.heading is not None:
                toc.append(slot.heading.text)
    if contents or rng.random() < 0.4:
        lines = [f"{title} {'.' * rng.randint(10, 40)} {2 + i // 3}" for i, title in enumerate(toc)]
        placed = list(contents)
        items: list[_Slot] = [_Slot(Heading("Inhoudstafel", 1))]
        for line in lines:
            items.append(_Slot(None, (Paragraph(line),)))
            if placed and rng.random() < 0.3:
                items.append(_Slot(None, placement=placed.pop()))
        items += [_Slot(None, placement=p) for p in placed]
        slots += items
    cut = max(1, (2 * len(body)) // 3)
    slots.append(_Slot(Heading(PARTS[0], 1)))
    slots.append(_Slot(Heading("Voorwerp van de opdracht"), (Paragraph(subject),)))
    slots += body[:cut]
    slots.append(_Slot(Heading(PARTS[1], 1)))
    slots += body[cut:]
    return slots


def _subject(group: ProductGroup, oracle: PhraseOracle, labelled: set[str], rng: random.Random) -> str:
    """The subject of the contract in the group's words, naming no topic of a labelled criterion."""
    words = list(group.keywords)
    rng.shuffle(words)
    options = [group.name.lower(), " en ".join(words[:2]), words[0], *words[1:]]
    for named in options:
        text = f"Deze opdracht betreft een raamovereenkomst voor {named} ten behoeve van de stadsdiensten."
        if not oracle.topics([text]) & labelled:
            return text
    return NEUTRAL_SUBJECT


def _placement_slot(
    placement: Placement,
    number: int,
    filler: _Filler,
    labelled: set[str],
    criterion: Criterion,
    rng: random.Random,
) -> _Slot:
    if placement.where == OWN_HEADING:
        paragraph = filler.loose(rng, labelled, {criterion.id})
        return _Slot(None, placement=placement, after=(paragraph,) if paragraph else ())
    if placement.where == INFO:
        title = rng.choice(INFO_TITLES)
    elif rng.random() < 0.3:
        title = criterion.title
    else:
        title = rng.choice(SECTION_TITLES[criterion.section])
    before = filler.loose(rng, labelled, {criterion.id}) if rng.random() < 0.5 else None
    after = filler.loose(rng, labelled, {criterion.id}) if rng.random() < 0.5 else None
    return _Slot(
        Heading(f"Artikel {number} – {title}"),
        (before,) if before else (),
        placement,
        (after,) if after else (),
    )


# --- product groups ----------------------------------------------------------------------------------------

GROUP_MODES: tuple[str, ...] = ("cpv", "subject", "title", "words", "none")
NEUTRAL_SUBJECT = (
    "Deze opdracht betreft een raamovereenkomst voor leveringen en diensten ten behoeve van de stadsdiensten, "
    "zoals beschreven in Deel II."
)
OTHER_SUBJECTS = (
    ("juridisch advies en bijstand bij geschillen", "79100000"),
    ("de organisatie van een evenement op de Grote Markt", "79952000"),
    ("verzekeringsdiensten voor het patrimonium van de stad", "66510000"),
)


@dataclass(frozen=True, slots=True)
class GroupCase:
    """A document that reveals (or not) its product group, with the groups it should be detected as."""

    name: str
    format: str
    parts: tuple[Part, ...]
    header: str
    mode: str  # "cpv" | "subject" | "title" | "words" | "none"
    expected: frozenset[str]
    detail: str = ""

    def render(self) -> bytes:
        return to_docx(self.parts, self.header) if self.format == "docx" else to_pdf(self.parts, self.header)


def cpv_code(prefix: str, rng: random.Random) -> str:
    return f"{prefix.ljust(8, '0')}-{rng.randint(0, 9)}"


def cpv_owners(code: str, groups: Sequence[ProductGroup]) -> frozenset[str]:
    """The groups with the longest CPV prefix of the code (the most specific meaning of the code)."""
    digits = code[:8]
    best = max((len(p) for g in groups for p in g.cpv if digits.startswith(p)), default=0)
    return frozenset(g.id for g in groups if any(digits.startswith(p) and len(p) == best for p in g.cpv))


def build_groups(catalogue: Catalogue, seed: int = 0, per_mode: int = 2) -> list[GroupCase]:
    """Documents per product group and mode: a CPV code, the subject of the contract, the title, words only."""
    groups = catalogue.product_groups
    index = PhraseIndex(())
    for group in groups:
        for keyword in (group.name, *group.keywords):
            index.add(keyword)
    clean = [
        Section(s.title, tuple(p for p in s.paragraphs if not index.find(tokens(p))))
        for s in SECTIONS
        if not index.find(tokens(s.title))
    ]
    clean = [s for s in clean if s.paragraphs]
    cases: list[GroupCase] = []
    number = 0
    for group in groups:
        for mode in GROUP_MODES[:-1]:
            for k in range(per_mode):
                number += 1
                rng = random.Random(f"{seed}:group:{group.id}:{mode}:{k}")
                cases.append(_group_case(number, group, mode, groups, clean, rng))
    for k in range(per_mode * 3):
        number += 1
        rng = random.Random(f"{seed}:group:none:{k}")
        cases.append(_group_case(number, None, "none", groups, clean, rng))
    return cases


def _group_case(
    number: int,
    group: ProductGroup | None,
    mode: str,
    groups: Sequence[ProductGroup],
    clean: list[Section],
    rng: random.Random,
) -> GroupCase:
    ref = f"2026/{number:03d}"
    keywords = list(group.keywords) if group else []
    rng.shuffle(keywords)
    words = keywords[:3] or ["leveringen"]
    title = f"Bestek nr. {ref} – Openbare procedure"
    if mode == "title" and group is not None:
        title = f"Bestek nr. {ref} – Raamovereenkomst voor {rng.choice([group.name.lower(), words[0]])}"
    parts: list[Part] = [Heading(title, 0), Heading(PARTS[0], 1)]
    expected: frozenset[str] = frozenset()
    detail = ""
    subject = NEUTRAL_SUBJECT
    cpv_line: str | None = None
    if mode == "cpv" and group is not None:
        prefix = rng.choice(group.cpv)
        code = cpv_code(prefix, rng)
        cpv_line = f"CPV-code van de hoofdopdracht: {code}."
        expected = cpv_owners(code, groups)
        detail = code
    elif mode == "none":
        other, code = rng.choice(OTHER_SUBJECTS)
        subject = f"Deze opdracht betreft {other}."
        cpv_line = f"CPV-code van de hoofdopdracht: {code}-{rng.randint(0, 9)}." if rng.random() < 0.5 else None
    elif group is not None:
        expected = frozenset({group.id})
        if mode == "subject":
            named = " en ".join(words[:2]) if rng.random() < 0.5 else group.name.lower()
            subject = f"Deze opdracht betreft een raamovereenkomst voor {named} ten behoeve van de stadsdiensten."
            detail = named
    sections = rng.sample(clean, min(len(clean), rng.randint(5, 8)))
    article = 0
    for i, section in enumerate(sections):
        article += 1
        parts.append(Heading(f"Artikel {article} – {section.title}"))
        parts += [Paragraph(p) for p in section.paragraphs[: rng.randint(1, 3)]]
        if i == 0:
            article += 1
            parts.append(Heading(f"Artikel {article} – Voorwerp van de opdracht"))
            parts.append(Paragraph(subject))
            if cpv_line:
                parts.append(Paragraph(cpv_line))
    if group is not None and rng.random() < 0.5:
        others = [g for g in groups if g.id != group.id]
        distractor = rng.choice(rng.choice(others).keywords)
        parts.append(Paragraph(f"Deze opdracht staat los van de lopende raamovereenkomst voor {distractor}."))
        detail += f" (vermeldt ook '{distractor}')"
    parts.append(Heading(PARTS[1], 1))
    if mode in ("words", "title") and group is not None:
        article += 1
        parts.append(Heading(f"Artikel {article} – Beschrijving van de leveringen en prestaties"))
        parts += [Paragraph(s) for s in _word_sentences(keywords, rng)]
    else:
        article += 1
        parts.append(Heading(f"Artikel {article} – Beschrijving van de prestaties"))
        parts.append(Paragraph("De prestaties worden uitgevoerd volgens de bestelbonnen van de leidend ambtenaar."))
    fmt = "pdf" if rng.random() < 0.3 else "docx"
    name = f"group-{number:03d}-{group.id if group else 'none'}-{mode}.{fmt}"
    return GroupCase(name, fmt, tuple(parts), f"Bestek {ref}", mode, expected, detail.strip())


def _word_sentences(keywords: Iterable[str], rng: random.Random) -> list[str]:
    words = list(keywords)
    templates = (
        "Onder deze post vallen onder meer {a} en {b}.",
        "De eenheidsprijs voor {a} omvat alle kosten tot op de plaats van uitvoering.",
        "Klachten over {a} worden binnen vijf werkdagen behandeld.",
        "De opmeting vermeldt de vermoedelijke hoeveelheden voor {a} en {b}.",
        "Bij de eerste bestelling van {a} wordt een proefperiode van één maand voorzien.",
        "De opdrachtnemer stelt een vaste contactpersoon aan voor alle vragen over {a}.",
    )
    out = []
    for template in rng.sample(templates, 5):
        a, b = (rng.sample(words, 2) if len(words) >= 2 else (words[0], words[0]))
        out.append(template.format(a=a, b=b))
    return out
