"""How numbers, dates and locations read in Dutch (Belgian) pages and exports."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from procurement.documents.model import Location

try:
    LOCAL = ZoneInfo("Europe/Brussels")
except ZoneInfoNotFoundError:  # a machine without tz data: show UTC rather than fail
    LOCAL = ZoneInfo("UTC")


# what XML 1.0 (a Word document) cannot hold: C0 controls but tab and line breaks, lone surrogates, U+FFFE/F
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text a Word document can hold: every character XML refuses becomes a space (never a 500 on export)."""
    return _NOT_XML.sub(" ", text or "")


def count(n: int, one: str, many: str) -> str:
    """Dutch plurals written out, never "(en)": count(1, "bevinding", "bevindingen") -> '1 bevinding'."""
    return f"{n} {one if n == 1 else many}"


def file_stem(*candidates: str) -> str:
    """A download's name from the first non-empty text (a reference, else a title): '2026/001' -> '2026-001'."""
    for text in candidates:
        stem = re.sub(r"[^\w.]+", "-", xml_text(text)).strip("-._")[:80].strip("-._")
        if stem:
            return stem
    return "bestek"


def score(value: float | None) -> str:
    """62.5 -> '62,5'; None -> '–' (no applicable criterion)."""
    return "–" if value is None else f"{value:.1f}".replace(".", ",")


def percent(value: float | None) -> int:
    """A bar width 0-100."""
    return 0 if value is None else max(0, min(100, round(value)))


def when(moment: datetime | None) -> str:
    """A stored moment in Belgian time, '27/11/2026 14:05'."""
    if moment is None:
        return ""
    if moment.tzinfo is None:  # SQLite gives back naive UTC
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LOCAL).strftime("%d/%m/%Y %H:%M")


MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")


def day(moment: datetime | None) -> str:
    """A stored moment's day in Belgian time, written out: '3 december 2026'."""
    if moment is None:
        return ""
    if moment.tzinfo is None:  # SQLite gives back naive UTC
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone(LOCAL)
    return f"{local.day} {MONTHS[local.month - 1]} {local.year}"


def version_name(number: int, created: datetime | None) -> str:
    """A catalogue version as a person names it: 'versie 12 van 3 december 2026' (the code with its hash, e.g.
    2026.1+3f2a9c1, stays a technical detail)."""
    return f"versie {number} van {day(created)}" if created is not None else f"versie {number}"


def location(loc: Location, file: str | None = None) -> str:
    """'bestek.docx, p. 3, § 41, in "3.2 Sociale bepalingen"' from an evidence location."""
    parts = []
    if file:
        parts.append(file)
    if loc.page:
        parts.append(f"p. {loc.page}")
    if loc.paragraph:
        parts.append(f"§ {loc.paragraph}")
    if loc.section:
        parts.append(f"in „{loc.section}”")
    return ", ".join(parts)


def size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB".replace(".", ",")
    return f"{max(1, round(n / 1024))} kB"
