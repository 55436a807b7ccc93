"""Text normalisation shared by the matcher: folding, tokens, sentences (pure)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

TOKEN = re.compile(r"[a-z0-9]+")
# "14.001" -> "14001", "1.000.000" -> "1000000": a dot between digit groups is a thousands separator.
THOUSANDS = re.compile(r"(?<=\d)\.(?=\d{3}\b)")
SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-Z0-9(\"'‘“\[•-])|\n+|(?<=:)\s+(?=[A-Z(•-])")


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    decomposed = unicodedata.normalize("NFKD", ch)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return kept if kept.isascii() and kept.strip() else " "


def fold(text: str) -> str:
    """Lowercase, accents removed, other non-ASCII characters become spaces, thousands dots dropped."""
    text = text.lower()
    if not text.isascii():
        text = text.translate({ord(ch): _fold_char(ch) for ch in set(text) if ord(ch) > 127})
    return THOUSANDS.sub("", text)


def tokens(text: str) -> list[str]:
    """Folded word tokens of a text."""
    return TOKEN.findall(fold(text))


def sentences(text: str) -> list[str]:
    """Split a block into sentences (also at line breaks and after a colon that opens a new clause)."""
    parts = [p.strip() for p in SENTENCE_END.split(text)]
    return [p for p in parts if p]
