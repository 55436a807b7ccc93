"""The annotated bestek: the buyer's own .docx with comments at the evidence and missing clauses as tracked changes."""

from __future__ import annotations

import io
import logging
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from docx.document import Document as WordDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from docx.package import Package
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from procurement.catalogue.model import SECTION_NAMES, SECTIONS, Catalogue
from procurement.checker import checker_from_source
from procurement.documents import UnreadableDocument, parse
from procurement.documents.docx import block_sources
from procurement.documents.model import Document
from procurement.documents.structure import heading_level, is_toc_entry
from procurement.matching import STATUS_NAMES, Report
from procurement.models import Analysis
from procurement.reports import format as fmt
from procurement.reports.stored import CLIPPED, Review, report_from_rows, stored_findings
from procurement.reports.view import clause_paragraphs

log = logging.getLogger(__name__)

AUTHOR = "Duurzaamheidscontrole"
INITIALS = "DC"
JUDGED = ("met", "partial", "missing")

NOT_DOCX = (
    "Enkel van een gewoon Word-document (.docx) kan een geannoteerde kopie gemaakt worden; dit bestand is een "
    "Word-sjabloon (.dotx). Sla het in Word op als .docx en laad het opnieuw op."
)
DAMAGED = "Het Word-document kan niet geopend worden om er opmerkingen in te zetten; het is beschadigd."
ONLY_DOCX = (
    "Enkel van een Word-bestand (.docx) kan een geannoteerde kopie gemaakt worden: opmerkingen en voorgestelde "
    "wijzigingen die u in Word aanvaardt of weigert, bestaan niet in een PDF of een OpenDocument-bestand (.odt). "
    "Voor die bestanden blijft de Word-bijlage met de ontbrekende clausules."
)
MISMATCH = (
    "Het Word-document wordt niet meer op dezelfde manier gelezen als bij de analyse; analyseer het bestek "
    "opnieuw en download dan de geannoteerde kopie."
)

# Where a catalogue section stands in a bestek, recognised in the document's own headings. The first pattern
# that some heading meets wins (strong names before loose ones); among headings meeting it, the first with
# something under it. A missing clause goes after the heading's own text, before its first sub-heading.
SECTION_HEADINGS: dict[str, tuple[str, ...]] = {
    "administratieve-bepalingen": (
        r"administratieve bepalingen", r"administratief (gedeelte|deel)", r"algemene bepalingen",
        r"voorwerp (van de opdracht|en aard)", r"\bopdrachtdocumenten\b",
    ),
    "selectie": (
        r"\bselectiecriteri", r"kwalitatieve selectie", r"\bselectie\b", r"uitsluitingsgrond", r"\buitsluiting\b",
        r"\btoegangsrecht\b",
    ),
    "technische-specificaties": (
        r"technische (specificaties|bepalingen|voorschriften|vereisten|beschrijving)", r"technisch (gedeelte|deel)",
        r"beschrijving van de (opdracht|diensten|leveringen|werken|prestaties)", r"\bspecificaties\b",
        r"\bbeschrijving van de",
    ),
    "gunningscriteria": (
        r"\bgunningscriteri", r"criteria voor (de )?gunning", r"\bbeoordelingscriteri", r"\bgunning\b",
    ),
    "uitvoeringsvoorwaarden": (
        r"uitvoeringsvoorwaarden", r"uitvoeringsbepalingen", r"bijzondere (uitvoerings)?voorwaarden",
        r"uitvoering van de opdracht", r"contractuele bepalingen", r"\buitvoering\b",
    ),
}
_SECTION_PATTERNS = {s: tuple(re.compile(p) for p in ps) for s, ps in SECTION_HEADINGS.items()}
# Control characters (C0 without the newline, DEL, C1), non-characters and lone surrogates: never in the file.
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]+")
_SPACES = re.compile(r"[ \u00a0]{2,}")


class AnnotationError(Exception):
    """The copy cannot be made; `reason` is a Dutch sentence for the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class ClauseText:
    """What a comment or an insertion says of a criterion, from the catalogue version of the analysis."""

    title: str
    section: str
    clause: str
    legal_basis: tuple[str, ...] = ()
    proof: str = ""


@dataclass(frozen=True, slots=True)
class Note:
    """One criterion's verdict as the annotated copy shows it."""

    criterion: str
    title: str
    section: str  # catalogue section id: where a missing clause goes
    essential: bool
    status: str  # after review
    machine_status: str
    missing_elements: tuple[str, ...]
    blocks: tuple[int, ...]  # 1-based block numbers of the evidence in this document (context quotes left out)
    clause: tuple[str, ...]  # the standard clause, paragraph by paragraph
    legal_basis: tuple[str, ...] = ()
    proof: str = ""
    review: Review | None = None
    passages: tuple[str, ...] = ()  # the evidence text of each block as the analysis read it; () = not checked


@dataclass(frozen=True, slots=True)
class Annotated:
    """The annotated file and what was put in it."""

    data: bytes
    comments: int
    insertions: int  # clauses inserted as tracked changes
    new_sections: tuple[str, ...]  # section names added at the end because the bestek has no such part
    unplaced: int = 0  # evidence passages not found as the analysis quoted them: left without a comment


# --- what to say -------------------------------------------------------------------------------------------


def clause_texts(catalogue: Catalogue) -> dict[str, ClauseText]:
    return {
        c.id: ClauseText(c.title, c.section, c.clause, c.legal_basis, c.proof) for c in catalogue.criteria
    }


def clause_texts_from_snapshot(snapshot: Mapping[str, Mapping[str, Any]]) -> dict[str, ClauseText]:
    """From a stored version's criteria snapshot (older versions hold no legal basis or proof)."""
    return {
        cid: ClauseText(
            str(data.get("title", cid)), str(data.get("section", "")), str(data.get("clause", "")),
            tuple(data.get("legal_basis", ()) or ()), str(data.get("proof", "") or ""),
        )
        for cid, data in snapshot.items()
    }


def notes_from_report(
    report: Report,
    texts: Mapping[str, ClauseText],
    *,
    file: str | None = None,
    reviews: Mapping[str, Review | None] | None = None,
) -> tuple[Note, ...]:
    """The notes for one document of a report: `file` keeps only its evidence (None: a one-document report)."""
    notes = []
    for f in report.findings:
        review = (reviews or {}).get(f.criterion)
        status = review.status if review is not None else f.status
        quoted = {e.location.paragraph: e.text for e in f.evidence
                  if not e.context and e.location.paragraph > 0 and (file is None or e.file in (None, file))}
        blocks = tuple(sorted(quoted))
        if status not in JUDGED and not (review is not None and blocks):
            continue
        text = texts.get(f.criterion) or ClauseText(f.criterion, "", "")
        notes.append(Note(
            criterion=f.criterion, title=text.title, section=text.section, essential=f.essential, status=status,
            machine_status=f.status, missing_elements=f.missing_elements, blocks=blocks,
            passages=tuple(quoted[b] for b in blocks),
            clause=clause_paragraphs(text.clause), legal_basis=text.legal_basis, proof=text.proof, review=review,
        ))
    return tuple(notes)


def clean(text: str) -> str:
    """Text fit for the file: NFC, control characters and XML non-characters out, one line."""
    text = _CONTROL.sub(" ", unicodedata.normalize("NFC", text).replace("\n", " "))
    return _SPACES.sub(" ", text).strip()


def _review_line(review: Review, machine_status: str) -> str:
    who = review.reviewer or "de dienst duurzaamheid"
    when = f" op {fmt.when(review.reviewed_at)}" if review.reviewed_at else ""
    if review.decision == "override":
        line = (f"Beoordeling: aangepast van ‘{STATUS_NAMES.get(machine_status, machine_status)}’ naar "
                f"‘{STATUS_NAMES.get(review.status, review.status)}’ door {who}{when}.")
    else:
        line = f"Beoordeling: bevestigd door {who}{when}."
    return f"{line} Reden: {review.reason}" if review.reason.strip() else line


def _heading(note: Note) -> str:
    return f"Duurzaamheidscriterium: {note.title}" + (" (essentieel)" if note.essential else "")


def evidence_comment(note: Note, placed_in: str | None = None) -> list[str]:
    """The lines of the comment at a criterion's evidence."""
    lines = [_heading(note), f"Status: {STATUS_NAMES.get(note.status, note.status)}"]
    if note.missing_elements and note.status != "met":
        lines.append("Ontbreekt: " + "; ".join(note.missing_elements) + ".")
    if note.review is not None:
        lines.append(_review_line(note.review, note.machine_status))
    if note.status == "partial" and note.clause:
        lines.append("Standaardclausule ter vergelijking:")
        lines.extend(note.clause)
    if note.status == "missing" and placed_in:
        lines.append(f"De standaardclausule staat als voorgestelde wijziging in {placed_in}.")
    return lines


def insertion_comment(note: Note, placed_in: str) -> list[str]:
    """The lines of the comment on an inserted clause."""
    lines = [f"Toegevoegd: {note.title}" + (" (essentieel)" if note.essential else ""),
             "Dit criterium ontbreekt in het bestek; de standaardclausule is voorgesteld als wijziging "
             f"in {placed_in}. Aanvaard of weiger ze in Word (Controleren › Wijzigingen)."]
    if note.legal_basis:
        lines.append("Juridische basis: " + "; ".join(note.legal_basis) + ".")
    if note.proof:
        lines.append(f"Bewijs: {note.proof}")
    if note.review is not None:
        lines.append(_review_line(note.review, note.machine_status))
    return lines


def new_section_comment(section: str) -> list[str]:
    name = SECTION_NAMES.get(section, section)
    return [f"Dit bestek heeft geen deel ‘{name}’ (geen kop gevonden die erop wijst).",
            "De clausules die er thuishoren staan daarom in dit nieuwe deel op het einde; verplaats ze naar de "
            "juiste plaats in het bestek."]


# --- the file ----------------------------------------------------------------------------------------------


def annotate(data: bytes, document: Document, notes: Sequence[Note], *, moment: datetime) -> Annotated:
    """The .docx `data` (parsed as `document`) with a comment at every note's evidence and every missing
    clause inserted as a tracked change in its section; everything else in the file is kept as it was."""
    word = _open(data)
    try:
        sources = block_sources(word.part)
    except Exception as exc:  # the parser read it; a second walk failing means the file is not what it was
        raise AnnotationError(DAMAGED) from exc
    if len(sources) != len(document.blocks):
        log.warning("annotate: %d blocks in the file, %d in the document", len(sources), len(document.blocks))
        raise AnnotationError(MISMATCH)
    writer = _Writer(word, document, sources, moment)
    missing = sorted(
        (n for n in notes if n.status == "missing" and n.clause),
        key=lambda n: (_rank(n.section), not n.essential, n.criterion),
    )
    placed = {n.criterion: writer.insert_clause(n) for n in missing}
    for note in notes:
        if note.blocks:
            writer.comment_evidence(note, placed.get(note.criterion))
    out = io.BytesIO()
    word.save(out)
    log.info("annotated copy: %d comments, %d insertions, %d passages not found", writer.comments, writer.insertions,
             writer.unplaced)
    return Annotated(out.getvalue(), writer.comments, writer.insertions, tuple(writer.new_sections), writer.unplaced)


def _open(data: bytes) -> WordDocument:
    try:
        part = Package.open(io.BytesIO(data)).main_document_part
    except Exception as exc:
        raise AnnotationError(DAMAGED) from exc
    if part.content_type != CT.WML_DOCUMENT_MAIN:
        raise AnnotationError(NOT_DOCX)
    document: WordDocument = part.document
    return document


def _rank(section: str) -> int:
    return SECTIONS.index(section) if section in SECTIONS else len(SECTIONS)


W_R, W_T, W_P, W_BODY, W_TC, W_TBL = (qn(t) for t in ("w:r", "w:t", "w:p", "w:body", "w:tc", "w:tbl"))
# Runs under these (between the run and its paragraph) are not shown text: a comment is never anchored there.
_NOT_SHOWN = frozenset(qn(t) for t in ("w:del", "w:moveFrom", "w:txbxContent")) | {
    "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
}


@dataclass(slots=True)
class _Section:
    heading: str  # its heading's text, to name the place in comments
    after: etree._Element  # the body-level element a new clause goes after (moves on with every clause)


class _Writer:
    def __init__(self, word: WordDocument, document: Document, sources: list[etree._Element], moment: datetime):
        self.word = word
        self.document = document
        self.sources = sources
        self.body = word.element.body
        self.date = moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        ids = [int(v) for v in word.element.xpath("//@w:id") if str(v).isdigit()]
        self.next_id = max(ids, default=0) + 1
        self.sections = self._find_sections()
        self.comments = 0
        self.insertions = 0
        self.unplaced = 0
        self.new_sections: list[str] = []

    # where the sections are

    def _headings(self) -> list[tuple[int, int, str]]:
        """(block index, level, text) of every heading, by style or by its words ("3. GUNNINGSCRITERIA")."""
        found = []
        for i, block in enumerate(self.document.blocks):
            if block.kind == "heading" and not is_toc_entry(block.text):
                found.append((i, block.level or 1, block.text))
            elif block.kind == "paragraph":
                level = heading_level(block.text)
                if level is not None:
                    found.append((i, level, block.text))
        return found

    def _find_sections(self) -> dict[str, _Section]:
        headings = self._headings()
        sections: dict[str, _Section] = {}
        made: dict[int, _Section] = {}  # one place per heading ("Selectie- en gunningscriteria" serves both)
        for section, patterns in _SECTION_PATTERNS.items():
            for pattern in patterns:
                hits = [(k, h) for k, h in enumerate(headings) if pattern.search(_folded(h[2]))]
                if not hits:
                    continue
                with_text = [(k, h) for k, h in hits if self._end(headings, k) > h[0]]
                k, (_, _, text) = (with_text or hits)[0]
                # right under the heading, after its own text and before its first sub-heading: there the clause
                # stands in the section itself, not under a sub-article that may be informative ("Toelichting")
                last = headings[k + 1][0] - 1 if k + 1 < len(headings) else len(self.document.blocks) - 1
                sections[section] = made.setdefault(k, _Section(text, self._top(self.sources[last])))
                break
        return sections

    def _end(self, headings: list[tuple[int, int, str]], k: int) -> int:
        """The index of the last block under heading k (before the next heading of the same or a higher level)."""
        _, level, _ = headings[k]
        for i, next_level, _ in headings[k + 1:]:
            if next_level <= level:
                return i - 1
        return len(self.document.blocks) - 1

    def _top(self, element: etree._Element) -> etree._Element:
        """The body-level element holding `element` (a table for a cell, the paragraph itself in the body)."""
        while element.getparent() is not None and element.getparent() is not self.body:
            element = element.getparent()
        return element

    # tracked insertions

    def _revision(self, tag: str) -> etree._Element:
        element = OxmlElement(tag, attrs={qn("w:id"): str(self.next_id), qn("w:author"): AUTHOR,
                                          qn("w:date"): self.date})
        self.next_id += 1
        return element

    def _inserted_paragraph(self, text: str, style: str | None = None) -> tuple[etree._Element, Run]:
        """A new paragraph whose text and paragraph mark are a tracked insertion."""
        p = OxmlElement("w:p")
        ppr = OxmlElement("w:pPr")
        if style:
            ppr.append(OxmlElement("w:pStyle", attrs={qn("w:val"): style}))
        rpr = OxmlElement("w:rPr")
        rpr.append(self._revision("w:ins"))
        ppr.append(rpr)
        p.append(ppr)
        run = Paragraph(p, self.word).add_run(clean(text))
        ins = self._revision("w:ins")
        run._r.addprevious(ins)
        ins.append(run._r)
        return p, run

    def _place(self, after: etree._Element | None, paragraphs: Iterable[tuple[etree._Element, Run]]) -> etree._Element:
        """Put paragraphs after `after` (None: at the end of the body); the last one placed."""
        last = after
        for p, _ in paragraphs:
            if last is None:  # at the end of the body, before its final section properties
                sect = self.body.find(qn("w:sectPr"))
                if sect is not None:
                    sect.addprevious(p)
                else:
                    self.body.append(p)
            else:
                last.addnext(p)
            last = p
        assert last is not None
        return last

    def _new_section(self, section: str) -> _Section:
        name = SECTION_NAMES.get(section, section)
        heading = self._inserted_paragraph(name, self._heading_style())
        placed = self._place(None, [heading])
        self._comment([heading[1]], new_section_comment(section))
        self.new_sections.append(name)
        made = self.sections[section] = _Section(f"het nieuwe deel ‘{name}’ op het einde", placed)
        return made

    def _heading_style(self) -> str | None:
        """The style id of the document's top-level headings, when it has them."""
        levels = [b.level or 1 for b in self.document.blocks if b.kind == "heading"]
        level = min((lv for lv in levels if lv >= 1), default=1)
        for name in (f"Heading {level}", "Heading 1"):
            try:
                return str(self.word.styles[name].style_id)
            except KeyError:
                continue
        return None

    def insert_clause(self, note: Note) -> str:
        """Insert a missing criterion's clause at the end of its section; where it was put, for the comments."""
        section = self.sections.get(note.section) or self._new_section(note.section)
        made = [self._inserted_paragraph(text) for text in note.clause]
        section.after = self._place(section.after, made)
        where = section.heading if section.heading.startswith("het nieuwe deel") else f"het deel „{section.heading}”"
        self._comment([made[0][1], made[-1][1]], insertion_comment(note, where))
        self.insertions += 1
        return where

    # comments

    def _comment(self, runs: list[Run], lines: list[str]) -> None:
        text = "\n".join(line for line in (clean(x) for x in lines) if line)
        self.word.add_comment(runs, text=text, author=AUTHOR, initials=INITIALS)
        self.comments += 1

    def comment_evidence(self, note: Note, placed_in: str | None) -> None:
        """One comment per stretch of consecutive evidence blocks; later stretches refer to the first.

        A block whose text is no longer the passage the analysis quoted (the file read differently since) gets
        no comment rather than one in the wrong place.
        """
        blocks = [b for k, b in enumerate(note.blocks)
                  if not note.passages or (1 <= b <= len(self.document.blocks)
                                           and _quotes(self.document.blocks[b - 1].text, note.passages[k]))]
        self.unplaced += len(note.blocks) - len(blocks)
        groups = self._groups(blocks)
        for number, group in enumerate(groups):
            runs = self._runs(group)
            if not runs:
                log.info("annotate: no run to anchor %s on block %s", note.criterion, group[0])
                continue
            if number == 0:
                lines = evidence_comment(note, placed_in)
            else:
                lines = [_heading(note), f"Vervolg van de passage bij § {groups[0][0]} "
                                         f"(status: {STATUS_NAMES.get(note.status, note.status)})."]
            self._comment([runs[0], runs[-1]], lines)

    def _groups(self, blocks: Sequence[int]) -> list[list[int]]:
        groups: list[list[int]] = []
        for number in blocks:
            if not 1 <= number <= len(self.sources):
                continue
            if groups and number == groups[-1][-1] + 1 and self._together(groups[-1][-1], number):
                groups[-1].append(number)
            else:
                groups.append([number])
        return groups

    def _together(self, a: int, b: int) -> bool:
        """Two blocks one comment may span: body paragraphs side by side, or cells of one table."""
        first, second = self.sources[a - 1], self.sources[b - 1]
        top_a, top_b = self._top(first), self._top(second)
        return top_a is top_b or (top_a is first and top_b is second and first.tag == second.tag == W_P)

    def _runs(self, group: list[int]) -> list[Run]:
        """The first and the last run of shown text in the group's blocks."""
        first = self._shown_runs(self.sources[group[0] - 1], last=False)
        last = self._shown_runs(self.sources[group[-1] - 1], last=True)
        return [Run(first, self.word), Run(last, self.word)] if first is not None and last is not None else []

    def _shown_runs(self, element: etree._Element, *, last: bool) -> Any:
        paragraphs = [element] if element.tag == W_P else _cell_paragraphs(element)
        for p in reversed(paragraphs) if last else paragraphs:
            runs = [r for r in p.iter(W_R) if _shown(r, p)]
            if runs:
                return runs[-1] if last else runs[0]
        return None


_CLIPPED_NOTE = CLIPPED.split("{", 1)[0]  # " […] (ingekort: de hele passage telt "


def _quotes(block: str, quote: str) -> bool:
    """Is `quote` this block's text, whole or as the stored report clipped it ("[…] middle […] (ingekort: …)")?"""
    if quote == block:
        return True
    core = quote.split(_CLIPPED_NOTE, 1)[0].removeprefix("[…] ")
    return len(core) >= 40 and core in block


def _cell_paragraphs(tc: etree._Element) -> list[etree._Element]:
    """A cell's own paragraphs (not those of a nested table, which are blocks of their own)."""
    found = []
    for p in tc.iter(W_P):
        parent = p.getparent()
        while parent is not None and parent is not tc and parent.tag != W_TBL:
            parent = parent.getparent()
        if parent is tc:
            found.append(p)
    return found


def _shown(run: etree._Element, p: etree._Element) -> bool:
    if run.find(W_T) is None:
        return False
    parent = run.getparent()
    while parent is not None and parent is not p:
        if parent.tag in _NOT_SHOWN or parent.tag == W_P:
            return False
        parent = parent.getparent()
    return parent is p


def _folded(text: str) -> str:
    return unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()



# --- a stored analysis -------------------------------------------------------------------------------------


def analysis_copy(analysis: Analysis, filename: str, data: bytes, *, moment: datetime) -> Annotated:
    """The annotated copy of one .docx of an analysed tender, with the statuses after review."""
    try:
        document = parse(data, filename)
    except UnreadableDocument as exc:
        raise AnnotationError(exc.reason) from exc
    if document.format != "docx":
        raise AnnotationError(ONLY_DOCX)
    version = analysis.catalogue_version
    if version is not None and version.source is not None:
        texts = clause_texts(checker_from_source(version.content_hash, version.source).catalogue)
    else:
        texts = clause_texts_from_snapshot(version.criteria if version is not None else {})
    reviews = {criterion: stored.review for criterion, stored in stored_findings(analysis).items()}
    notes = notes_from_report(report_from_rows(analysis), texts, file=filename, reviews=reviews)
    return annotate(data, document, notes, moment=moment)
