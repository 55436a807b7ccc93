"""Where the annotated bestek says it, in the buyer's own .docx: the catalogue sections found in its headings,
missing clauses inserted there as tracked changes, comments anchored at the evidence blocks."""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from procurement.catalogue.model import SECTION_NAMES
from procurement.documents.model import Document
from procurement.documents.structure import heading_level, is_toc_entry
from procurement.matching import STATUS_NAMES
from procurement.reports.annotate_comments import (
    Note,
    clean,
    comment_heading,
    evidence_comment,
    insertion_comment,
    new_section_comment,
)
from procurement.reports.stored import CLIPPED

log = logging.getLogger(__name__)

AUTHOR = "Duurzaamheidscontrole"
INITIALS = "DC"

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

W_R, W_T, W_P, W_BODY, W_TC, W_TBL = (qn(t) for t in ("w:r", "w:t", "w:p", "w:body", "w:tc", "w:tbl"))
# Runs under these (between the run and its paragraph) are not shown text: a comment is never anchored there.
_NOT_SHOWN = frozenset(qn(t) for t in ("w:del", "w:moveFrom", "w:txbxContent")) | {
    "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
}


@dataclass(slots=True)
class _Section:
    heading: str  # its heading's text, to name the place in comments
    after: etree._Element  # the body-level element a new clause goes after (moves on with every clause)


class Annotator:
    """Writes into one opened .docx: the sections found in its headings, missing clauses inserted there as
    tracked changes, comments anchored at the evidence; counts what it put in."""

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
                lines = [comment_heading(note), f"Vervolg van de passage bij § {groups[0][0]} "
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
