"""What the matcher returns: findings with evidence, product groups, theme scores (frozen, pure)."""

from __future__ import annotations

from dataclasses import dataclass

from procurement.documents.model import Location

STATUSES: tuple[str, ...] = ("met", "partial", "missing", "not_applicable")
STATUS_NAMES: dict[str, str] = {
    "met": "aanwezig",
    "partial": "gedeeltelijk",
    "missing": "ontbreekt",
    "not_applicable": "niet van toepassing",
}


@dataclass(frozen=True, slots=True)
class Evidence:
    """A quoted passage and where it stands, with the phrases that made it match."""

    text: str
    location: Location
    matched_phrases: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()  # words that make it binding ("de opdrachtnemer verbindt zich", "(1 punt)")
    file: str | None = None  # the document of a tender it comes from
    context: bool = False  # a paragraph just before the clause, quoted where a split clause may begin


@dataclass(frozen=True, slots=True)
class Finding:
    criterion: str
    theme: str
    kind: str
    essential: bool
    status: str
    similarity: float
    missing_elements: tuple[str, ...] = ()  # element labels, for partial
    evidence: tuple[Evidence, ...] = ()
    explanation: str = ""  # Dutch: why this status (shown to reviewers)


@dataclass(frozen=True, slots=True)
class ProductGroupMatch:
    id: str
    source: str  # "detected" | "given"
    evidence: str  # "CPV 90910000", "voorwerp: schoonmaak", "opgegeven"
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class ThemeScore:
    score: float | None
    met: int
    partial: int
    missing: int
    applicable: int


@dataclass(frozen=True, slots=True)
class Report:
    catalogue_version: str
    engine_version: str
    product_groups: tuple[ProductGroupMatch, ...]
    findings: tuple[Finding, ...]
    themes: dict[str, ThemeScore]
    score: float | None
    essential_complete: bool
