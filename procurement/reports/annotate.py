"""The annotated bestek: the buyer's own .docx with comments at the evidence and missing clauses as tracked changes.

What the comments say is `annotate_comments`; where they and the clauses go in the file is `annotate_docx`;
here the whole copy, its refusals, and the copy of a stored analysis.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from docx.document import Document as WordDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.package import Package

from procurement.catalogue.model import SECTIONS
from procurement.checker import checker_from_source
from procurement.documents import UnreadableDocument, parse
from procurement.documents.docx import block_sources
from procurement.documents.model import Document
from procurement.models import Analysis
from procurement.reports.annotate_comments import (
    JUDGED,
    ClauseText,
    Note,
    clause_texts,
    clause_texts_from_snapshot,
    clean,
    evidence_comment,
    insertion_comment,
    new_section_comment,
    notes_from_report,
)
from procurement.reports.annotate_docx import AUTHOR, INITIALS, SECTION_HEADINGS, Annotator
from procurement.reports.stored import report_from_rows, stored_findings

__all__ = [
    "AUTHOR",
    "DAMAGED",
    "INITIALS",
    "JUDGED",
    "MISMATCH",
    "NOT_DOCX",
    "ONLY_DOCX",
    "SECTION_HEADINGS",
    "Annotated",
    "AnnotationError",
    "ClauseText",
    "Note",
    "analysis_copy",
    "annotate",
    "clause_texts",
    "clause_texts_from_snapshot",
    "clean",
    "evidence_comment",
    "insertion_comment",
    "new_section_comment",
    "notes_from_report",
]

log = logging.getLogger(__name__)

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


class AnnotationError(Exception):
    """The copy cannot be made; `reason` is a Dutch sentence for the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Annotated:
    """The annotated file and what was put in it."""

    data: bytes
    comments: int
    insertions: int  # clauses inserted as tracked changes
    new_sections: tuple[str, ...]  # section names added at the end because the bestek has no such part
    unplaced: int = 0  # evidence passages not found as the analysis quoted them: left without a comment


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
    writer = Annotator(word, document, sources, moment)
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
