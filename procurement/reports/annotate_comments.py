"""What the annotated bestek says: one note per judged criterion, and the lines of each comment (pure)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from procurement.catalogue.model import SECTION_NAMES, Catalogue
from procurement.matching import STATUS_NAMES, Report
from procurement.reports import format as fmt
from procurement.reports.stored import Review
from procurement.reports.view import clause_paragraphs

JUDGED = ("met", "partial", "missing")

# Control characters (C0 without the newline, DEL, C1), non-characters and lone surrogates: never in the file.
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]+")
_SPACES = re.compile(r"[ \u00a0]{2,}")



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


def comment_heading(note: Note) -> str:
    return f"Duurzaamheidscriterium: {note.title}" + (" (essentieel)" if note.essential else "")


def evidence_comment(note: Note, placed_in: str | None = None) -> list[str]:
    """The lines of the comment at a criterion's evidence."""
    lines = [comment_heading(note), f"Status: {STATUS_NAMES.get(note.status, note.status)}"]
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
