"""PURE matching engine: compile(Catalogue) -> Matcher; Matcher.run(Document) -> Report; scoring.

Imports nothing from Flask, SQLAlchemy or WTForms; never reads the clock, the environment or a database.
"""

from procurement.matching.engine import ENGINE_VERSION, Matcher, compile_catalogue
from procurement.matching.model import (
    STATUS_NAMES,
    STATUSES,
    Evidence,
    Finding,
    ProductGroupMatch,
    Report,
    ThemeScore,
)

__all__ = [
    "ENGINE_VERSION",
    "STATUSES",
    "STATUS_NAMES",
    "Evidence",
    "Finding",
    "Matcher",
    "ProductGroupMatch",
    "Report",
    "ThemeScore",
    "compile_catalogue",
]
