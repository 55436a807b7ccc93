"""Text normalisation shared by the matcher: folding, tokens, sentences (pure)."""

from __future__ import annotations

import re
import unicodedata

TOKEN = re.compile(r"[a-z0-9]+")
# "14.001" -> "14001", "1.000.000" -> "1000000": a dot between digit groups is a thousands separator.
THOUSANDS = re.compile(r"(?<=\d)\.(?=\d{3}\b)")
SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-Z0-9(\"'‘“\[•-])|\n+|(?<=:)\s+(?=[A-Z(•-])")


COMBINING = re.compile(r"[\u0300-\u036f]+")
NON_ASCII = re.compile(r"[^\x00-\x7f]")


def fold(text: str) -> str:
    """Lowercase, accents removed, other non-ASCII characters become spaces, thousands dots dropped."""
    text = text.lower()
    if not text.isascii():
        text = COMBINING.sub("", unicodedata.normalize("NFKD", text))
        if not text.isascii():
            text = NON_ASCII.sub(" ", text)
    return THOUSANDS.sub("", text) if "." in text else text


def tokens(text: str) -> list[str]:
    """Folded word tokens of a text."""
    return TOKEN.findall(fold(text))


def sentences(text: str) -> list[str]:
    """Split a block into sentences (also at line breaks and after a colon that opens a new clause)."""
    parts = [p.strip() for p in SENTENCE_END.split(text)]
    return [p for p in parts if p]
